package io.playbatch.render;

import io.playbatch.secrets.SecretReference;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.exception.MethodInvocationException;
import org.apache.velocity.exception.VelocityException;
import org.apache.velocity.runtime.RuntimeConstants;
import org.springframework.stereotype.Component;

/**
 * Renders a step's task config on the server (DESIGN.md §8): Velocity in strict reference mode, so
 * an undefined reference is an error naming playbook, step, field and reference, never an empty
 * string. A scalar that is exactly one reference ({@code $a.b} or {@code ${a.b}}) yields the
 * referenced value with its type; any other string yields a string. A secret is never rendered:
 * {@code $secrets.NAME} alone yields {@code {"$secret": "NAME"}}, inside a longer string the
 * placeholder {@code ${secret:NAME}} (see {@link SecretReference}); the worker resolves both when
 * the task runs. Thread-safe.
 */
@Component
public class StepConfigRenderer {

    private static final Pattern SINGLE_REFERENCE =
            Pattern.compile("^\\$\\{?([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)}?$");
    private static final String RESULT = "__playbatch_value";

    private final VelocityEngine engine;

    public StepConfigRenderer() {
        engine = new VelocityEngine();
        engine.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, true);
        engine.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
        engine.init();
    }

    /** Renders every string inside {@code value} (maps and lists recursively); {@code field} is its path. */
    public Object render(Object value, RenderContext context, String field) {
        if (value instanceof String text) {
            Object rendered = renderString(text, context, field);
            // A scalar that is exactly $secrets.NAME: the stored task keeps the reference, the worker resolves it.
            return rendered instanceof SecretReference reference ? reference.toObject() : rendered;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), render(v, context, field + "." + k)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(render(list.get(i), context, field + "[" + i + "]"));
            }
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> renderMap(Map<String, Object> value, RenderContext context, String field) {
        return (Map<String, Object>) render(value, context, field);
    }

    /** Evaluates a {@code when} condition as a Velocity condition. */
    public boolean test(String condition, RenderContext context, String field) {
        String result = evaluate("#if(" + condition + ")true#{else}false#end", context, field, condition);
        return "true".equals(result.trim());
    }

    private Object renderString(String text, RenderContext context, String field) {
        if (text.indexOf('$') < 0 && text.indexOf('#') < 0) {
            return text;
        }
        java.util.regex.Matcher single = SINGLE_REFERENCE.matcher(text.trim());
        if (single.matches()) {
            Object[] direct = lookUp(single.group(1), context);
            if (direct != null) {
                return direct[0];
            }
            String reference = text.trim().replace("${", "$").replace("}", "");
            VelocityContext velocity = velocityContext(context);
            evaluate(velocity, "#set($" + RESULT + " = " + reference + ")", context, field, text);
            return velocity.get(RESULT);
        }
        return evaluate(text, context, field, text);
    }

    /**
     * Resolves {@code a.b.c} through maps directly, without parsing a Velocity template: a loop
     * renders its task once per iteration, and this is most of that work. Returns the value in a
     * one-element array, or null when the path is not plain map access with every key present
     * (a missing key, a null in the middle, a bean, or a key Velocity would resolve as a getter
     * such as {@code class} or {@code empty}): Velocity then resolves it, or reports the error.
     */
    private static Object[] lookUp(String path, RenderContext context) {
        String[] names = path.split("\\.");
        Map<String, Object> variables = context.variables();
        if (!variables.containsKey(names[0])) {
            return null;
        }
        Object value = variables.get(names[0]);
        for (int i = 1; i < names.length; i++) {
            if (!(value instanceof Map<?, ?> map) || !map.containsKey(names[i]) || "class".equals(names[i])
                    || "empty".equals(names[i])) {
                return null;
            }
            value = map.get(names[i]);
        }
        return new Object[] {value};
    }

    private String evaluate(String template, RenderContext context, String field, String original) {
        return evaluate(velocityContext(context), template, context, field, original);
    }

    private String evaluate(VelocityContext velocity, String template, RenderContext context, String field,
            String original) {
        StringWriter out = new StringWriter();
        try {
            engine.evaluate(velocity, out, context.step() + "." + field, template);
            return out.toString();
        } catch (MethodInvocationException e) {
            throw new RenderException(where(context, field) + ": " + undefined(e) + " in \"" + original
                    + "\"; define it in the workload or fix the reference", e);
        } catch (VelocityException e) {
            throw new RenderException(where(context, field) + ": cannot render \"" + original + "\": "
                    + e.getMessage() + "; define the missing value in the workload (or --set KEY=VALUE) or fix the"
                    + " template", e);
        }
    }

    private static String undefined(MethodInvocationException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int at = message.indexOf(" at ");
        return at > 0 ? message.substring(0, at) : message;
    }

    private static String where(RenderContext context, String field) {
        return "playbook " + context.playbook() + ", step " + context.step() + ", field " + field;
    }

    private static VelocityContext velocityContext(RenderContext context) {
        return new VelocityContext(new java.util.HashMap<>(context.variables()));
    }
}
