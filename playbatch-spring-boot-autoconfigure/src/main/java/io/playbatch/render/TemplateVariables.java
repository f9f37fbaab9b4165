package io.playbatch.render;

import io.playbatch.compiler.template.TemplateRefusedException;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The operator's template variables, {@code playbatch.vars.NAME=value}, which templates read as
 * {@code $vars.NAME} (docs/dsl.md#template-helpers): plain configuration such as a base URL or a
 * region, never a secret (secrets are {@code $secrets.NAME}, resolved only by a worker). Names are
 * letters, digits and {@code _}, not starting with a digit, so that every one can be written in a
 * template; values are strings. Immutable.
 */
public record TemplateVariables(Map<String, String> values) {

    /** The prefix of the properties. */
    public static final String PREFIX = "playbatch.vars";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public TemplateVariables {
        values = values == null ? Map.of() : Map.copyOf(values);
        for (String name : new TreeMap<>(values).keySet()) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(PREFIX + "." + name + ": a var name is letters, digits and _,"
                        + " not starting with a digit, so that a template can write it as $vars.NAME; rename it"
                        + " (from an environment variable, every _ after PLAYBATCH_VARS_ becomes a dot: set"
                        + " such a name as a property, --" + PREFIX + ".base_url=..., or drop the _)");
            }
        }
    }

    /**
     * The map a template reads as {@code $vars}: reading a name that is not configured refuses the
     * template, naming the property to set, instead of rendering nothing.
     */
    Map<String, String> forTemplates() {
        return new Configured(values);
    }

    /** The vars {@code environment} sets under {@value #PREFIX}, none when unset. */
    public static TemplateVariables from(Environment environment) {
        return new TemplateVariables(Binder.get(environment)
                .bind(PREFIX, Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
    }

    /** A read-only view of the vars whose {@code get} of an unknown name is a refusal with the fix. */
    private static final class Configured extends AbstractMap<String, String> {

        private final Map<String, String> values;

        Configured(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public String get(Object name) {
            String value = values.get(name);
            if (value == null) {
                String configured = values.isEmpty() ? "no var is configured" : "the configured vars are "
                        + String.join(", ", new TreeMap<>(values).keySet());
                throw new TemplateRefusedException("`$vars." + name + "` is not configured; set the property "
                        + PREFIX + "." + name + " on the server that renders the run, or fix the name (" + configured
                        + ")");
            }
            return value;
        }

        @Override
        public String getOrDefault(Object name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return values.entrySet();
        }
    }
}
