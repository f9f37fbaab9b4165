package io.playbatch.render;

import io.playbatch.compiler.template.TemplateLimits;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * The operator's template limits (docs/security.md#limits): the one place that reads the
 * {@code playbatch.limits.*} properties of templates, for the renderer and for the compiler's
 * {@code template-depth}, so both judge a template by the same numbers. Stateless.
 */
public final class TemplateLimitSettings {

    public static final String TEMPLATE_DEPTH = "playbatch.limits.template-depth";
    public static final String RENDERED_BYTES = "playbatch.limits.rendered-bytes";
    public static final String FOREACH_ITERATIONS = "playbatch.limits.foreach-iterations";

    private TemplateLimitSettings() {
    }

    /** The limits {@code environment} sets, each at its default when unset; sizes accept {@code 512KB}, {@code 4MB}. */
    public static TemplateLimits from(Environment environment) {
        Binder binder = Binder.get(environment);
        return new TemplateLimits(
                binder.bind(TEMPLATE_DEPTH, Integer.class).orElse(TemplateLimits.DEFAULT_DEPTH),
                binder.bind(RENDERED_BYTES, DataSize.class)
                        .orElse(DataSize.ofBytes(TemplateLimits.DEFAULT_RENDERED_BYTES)).toBytes(),
                binder.bind(FOREACH_ITERATIONS, Integer.class).orElse(TemplateLimits.DEFAULT_FOREACH_ITERATIONS));
    }
}
