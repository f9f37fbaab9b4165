package io.playbatch.compiler.yaml;

import io.playbatch.compiler.diag.SourcePosition;

/**
 * A node of a playbook's YAML document that remembers where it stands in the file. Unlike a
 * {@code JsonNode}, every mapping, key, list and scalar keeps its {@link SourcePosition}, so that
 * every diagnostic can point at the exact place. Immutable.
 */
public sealed interface YamlNode permits YamlMap, YamlList, YamlScalar {

    SourcePosition position();

    /** The node as JSON-like Java values: maps, lists, strings, numbers, booleans and null. */
    Object toPlain();

    /** The JSON Schema type name of the node ({@code object}, {@code array}, {@code string}, ...). */
    String typeName();
}
