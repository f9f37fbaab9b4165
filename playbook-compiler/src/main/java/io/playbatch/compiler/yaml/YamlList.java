package io.playbatch.compiler.yaml;

import io.playbatch.compiler.diag.SourcePosition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A YAML sequence with its items in order and the position of its first token. Immutable. */
public record YamlList(List<YamlNode> items, SourcePosition position) implements YamlNode {

    public YamlList {
        items = List.copyOf(items);
    }

    @Override
    public Object toPlain() {
        List<Object> plain = new ArrayList<>(items.size());
        for (YamlNode item : items) {
            plain.add(item.toPlain());
        }
        return Collections.unmodifiableList(plain);
    }

    @Override
    public String typeName() {
        return "array";
    }
}
