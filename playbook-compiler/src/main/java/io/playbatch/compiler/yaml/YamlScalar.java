package io.playbatch.compiler.yaml;

import io.playbatch.compiler.diag.SourcePosition;
import java.math.BigInteger;

/**
 * A YAML scalar: its typed value (String, Integer/Long/BigInteger, Double/BigDecimal, Boolean or
 * null) and where it starts. {@code quoted} tells whether the source wrote it in quotes, which
 * shifts template positions by one column.
 */
public record YamlScalar(Object value, boolean quoted, SourcePosition position) implements YamlNode {

    public boolean isString() {
        return value instanceof String;
    }

    public String text() {
        return value == null ? "null" : String.valueOf(value);
    }

    @Override
    public Object toPlain() {
        return value;
    }

    @Override
    public String typeName() {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "integer";
        }
        return "number";
    }
}
