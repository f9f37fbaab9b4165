package io.playbatch.compiler.template;

import java.util.HashMap;
import java.util.Map;
import org.apache.velocity.VelocityContext;

/**
 * A render context that refuses a {@code #set} (or a {@code #foreach} variable) holding a string
 * longer than the size limit: a template doubling a string in a loop is stopped after one step past
 * the limit instead of when the heap runs out. Not thread-safe: one per rendering.
 */
final class BoundedContext extends VelocityContext {

    private final long limit;

    BoundedContext(Map<String, Object> variables, long limit) {
        super(new HashMap<>(variables));
        this.limit = limit;
    }

    @Override
    public Object internalPut(String key, Object value) {
        if (value instanceof CharSequence text && text.length() > limit) {
            throw new TemplateRefusedException("`$" + key + "` would hold a string over " + limit
                    + " bytes; build smaller strings, or raise playbatch.limits.rendered-bytes");
        }
        return super.internalPut(key, value);
    }
}
