package io.playbatch.compiler.template;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.velocity.runtime.directive.ForeachScope;

/**
 * What a template may hold a value of: the kinds of values a render context carries (JSON-like
 * workload and step data, Velocity's {@code $foreach}, the helpers {@code $fn}) and {@link #OTHER} for anything else, on
 * which a template may call nothing. The sandbox allows methods per kind, never per class, so a
 * new class in the render context gains no method by accident.
 */
public enum ReceiverKind {
    STRING("a string"),
    NUMBER("a number"),
    BOOLEAN("a boolean"),
    LIST("a list"),
    COLLECTION("a collection"),
    MAP("a map"),
    MAP_ENTRY("a map entry"),
    LOOP_STATE("`$foreach`"),
    FUNCTIONS("`$fn`"),
    OTHER("this value");

    private final String description;

    ReceiverKind(String description) {
        this.description = description;
    }

    /** How messages name a value of this kind, e.g. "a string". */
    public String description() {
        return description;
    }

    /** The kind of {@code value}; {@code $foreach} is checked before maps because Velocity's scopes are maps. */
    public static ReceiverKind of(Object value) {
        if (value instanceof ForeachScope) {
            return LOOP_STATE;
        }
        if (value instanceof TemplateFunctions) {
            return FUNCTIONS;
        }
        if (value instanceof CharSequence) {
            return STRING;
        }
        if (value instanceof Number) {
            return NUMBER;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof List<?>) {
            return LIST;
        }
        if (value instanceof Collection<?>) {
            return COLLECTION;
        }
        if (value instanceof Map<?, ?>) {
            return MAP;
        }
        if (value instanceof Map.Entry<?, ?>) {
            return MAP_ENTRY;
        }
        return OTHER;
    }
}
