package io.playbatch.render;

import io.playbatch.compiler.template.ReceiverKind;
import io.playbatch.json.JsonCodec;
import io.playbatch.secrets.SecretReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.context.Context;

/**
 * Writes a map or a list that a template inserts into a longer string as JSON, never as Java's
 * {@code toString} (docs/dsl.md#templates). It walks maps, lists and collections only, and writes a
 * JSON-like copy in which a secret reference is its placeholder and any other value is the text
 * Velocity would have written for it, so JSON writing calls no getter a template could not call.
 * Stateless and thread-safe.
 */
final class JsonInsertion implements ReferenceInsertionEventHandler {

    private final JsonCodec json;

    JsonInsertion(JsonCodec json) {
        this.json = json;
    }

    /** The JSON text of a template value, as a map or a list is inserted ({@code $fn.json(value)}). */
    String text(Object value) {
        return value == null ? "null" : json.write(jsonLike(value));
    }

    @Override
    public Object referenceInsert(Context context, String reference, Object value) {
        return switch (ReceiverKind.of(value)) {
            case MAP, LIST, COLLECTION -> text(value);
            default -> value;
        };
    }

    private static Object jsonLike(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof SecretReference secret) {
            return secret.placeholder();
        }
        return switch (ReceiverKind.of(value)) {
            case MAP -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((key, item) -> copy.put(String.valueOf(key), jsonLike(item)));
                yield copy;
            }
            case LIST, COLLECTION -> {
                List<Object> copy = new ArrayList<>();
                ((Collection<?>) value).forEach(item -> copy.add(jsonLike(item)));
                yield copy;
            }
            case STRING -> value.toString();
            case NUMBER, BOOLEAN -> value;
            default -> String.valueOf(value);
        };
    }
}
