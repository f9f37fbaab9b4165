package io.playbatch.compiler.dsl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schema (draft 2020-12) of the playbook DSL, loaded from the classpath resource
 * {@value #RESOURCE} that is also published as {@code docs/playbook.schema.json} for editors.
 * The structural checks of the compiler are driven by this document, so schema and checks cannot
 * drift. Immutable and thread-safe once loaded.
 */
public final class PlaybookSchema {

    public static final String RESOURCE = "/io/playbatch/compiler/dsl/playbook.schema.json";

    private final String text;
    private final JsonNode root;

    private PlaybookSchema(String text, JsonNode root) {
        this.text = text;
        this.root = root;
    }

    /** Loads the schema shipped in this jar. */
    public static PlaybookSchema load() {
        try (InputStream in = PlaybookSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + RESOURCE);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new PlaybookSchema(text, JsonMapper.builder().build().readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema document as shipped. */
    public String text() {
        return text;
    }

    public JsonNode root() {
        return root;
    }

    /** Follows a local {@code $ref} such as {@code #/$defs/step}; returns the node itself otherwise. */
    public JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        int guard = 0;
        while (current != null && current.has("$ref") && guard++ < 16) {
            String ref = current.get("$ref").asString();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local $ref is supported: " + ref);
            }
            JsonNode target = root;
            for (String part : ref.substring(2).split("/")) {
                target = target.get(part);
            }
            current = target;
        }
        return current;
    }

    /** Every property name declared anywhere in the schema (for documentation checks). */
    public Set<String> allPropertyNames() {
        Set<String> names = new TreeSet<>();
        collect(root, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node == null || !node.isObject()) {
            if (node != null && node.isArray()) {
                node.forEach(child -> collect(child, names));
            }
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equals("properties") && field.getValue().isObject()) {
                field.getValue().propertyNames().forEach(names::add);
            }
            collect(field.getValue(), names);
        }
    }
}
