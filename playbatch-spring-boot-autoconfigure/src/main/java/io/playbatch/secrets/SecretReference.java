package io.playbatch.secrets;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a secret, which is what rendering leaves where a template says
 * {@code $secrets.NAME} (docs/secrets.md): the value itself is looked up by the worker only when the
 * task runs, so no stored or logged copy of a task ever holds it. A scalar that is exactly the
 * reference renders as the object {@code {"$secret": "NAME"}}; inside a longer string it renders
 * as the placeholder {@code ${secret:NAME}}. Immutable.
 */
public record SecretReference(String name) {

    /** Secret names: what a Velocity identifier allows, so {@code $secrets.NAME} can say it. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The key of the object form, {@code {"$secret": "NAME"}}. */
    public static final String KEY = "$secret";

    /** A placeholder inside a rendered string. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{secret:(" + NAME.pattern() + ")}");

    public SecretReference {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a secret name: use letters, digits and _,"
                    + " not starting with a digit");
        }
    }

    /** The object form stored for a scalar that is exactly {@code $secrets.NAME}. */
    public Map<String, Object> toObject() {
        return Map.of(KEY, name);
    }

    /**
     * What stands for the secret in data: a task's result, or text shown to people. Unlike the
     * placeholder it is inert (no worker resolves it), so data that reaches a later task cannot
     * make that worker send the value somewhere.
     */
    public String inert() {
        return "[secret:" + name + "]";
    }

    /** The placeholder stored inside a longer string. */
    public String placeholder() {
        return "${secret:" + name + "}";
    }

    /** The placeholder: what Velocity writes when it interpolates the reference into a string. */
    @Override
    public String toString() {
        return placeholder();
    }

    /** The environment variable the worker reads this secret from: {@code PLAYBATCH_SECRET_} and the upper-cased name. */
    public String environmentVariable() {
        return "PLAYBATCH_SECRET_" + name.toUpperCase(Locale.ROOT);
    }

    /** The reference an object form stands for, or null when {@code value} is not exactly {@code {"$secret": NAME}}. */
    static SecretReference ofObject(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get(KEY) instanceof String name
                && NAME.matcher(name).matches()) {
            return new SecretReference(name);
        }
        return null;
    }

    /**
     * The path ({@code root.key[index]...}) of the first reference that {@code value} carries as
     * data, in either form, or empty. Callers refuse such data where it enters (a workload sent
     * over REST, MCP or the console): only a template names a secret.
     */
    public static Optional<String> firstIn(Object value, String path) {
        if (value instanceof String text) {
            return placeholders(text).find() ? Optional.of(path) : Optional.empty();
        }
        if (ofObject(value) != null) {
            return Optional.of(path);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Optional<String> found = firstIn(entry.getValue(), path + "." + entry.getKey());
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Optional<String> found = firstIn(list.get(i), path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    static Matcher placeholders(String text) {
        return PLACEHOLDER.matcher(text);
    }
}
