package io.playbatch.render;

import io.playbatch.compiler.template.SandboxedTemplates;
import io.playbatch.compiler.template.TemplateFunctions;
import io.playbatch.compiler.template.TemplateLimits;
import io.playbatch.compiler.template.TemplateRefusedException;
import io.playbatch.json.JsonCodec;
import io.playbatch.secrets.SecretReference;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.context.Context;
import org.apache.velocity.exception.MethodInvocationException;
import org.apache.velocity.exception.VelocityException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Renders a step's task config on the server (docs/dsl.md#templates): Velocity in strict reference mode, so
 * an undefined reference is an error naming playbook, step, field and reference, never an empty
 * string. A scalar that is exactly one reference, whatever its path ({@code $a.b}, {@code ${a.b}},
 * {@code $a.b[0]}, {@code $a.b.get(0)}), yields the referenced value with its type; any other
 * string yields a string, in which a map or a list is written as JSON. A secret is never rendered:
 * {@code $secrets.NAME} alone yields {@code {"$secret": "NAME"}}, inside a longer string the
 * placeholder {@code ${secret:NAME}} (see {@link SecretReference}); the worker resolves both when
 * the task runs. Templates render in the sandbox {@link SandboxedTemplates} defines
 * (docs/security.md): a method, property or directive outside its allowlist, or a template over
 * the limits {@code playbatch.limits.template-depth}, {@code playbatch.limits.rendered-bytes} and
 * {@code playbatch.limits.foreach-iterations}, fails the render with a {@link RenderException}
 * (the step fails with {@code render_error}) and touches nothing else. Every template also sees the
 * helpers {@code $fn} ({@link TemplateFunctions}) and the operator's {@code $vars}
 * ({@link TemplateVariables}). Thread-safe.
 */
@Component
public class StepConfigRenderer {

    private static final Pattern PLAIN_PATH =
            Pattern.compile("^\\$\\{?([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)}?$");
    private static final String RESULT = "__playbatch_value";
    private static final String FUNCTIONS = "fn";
    private static final String VARS = "vars";

    private final SandboxedTemplates templates;
    private final JsonInsertion jsonInsertion = new JsonInsertion(new JsonCodec());
    /** The names every template sees besides its render context: the helpers and the operator's vars. */
    private final Map<String, Object> globals;

    /** A renderer with the default template limits and no vars, for tools and tests that run outside the application. */
    public StepConfigRenderer() {
        this(TemplateLimits.defaults());
    }

    /** A renderer with {@code limits} and no vars. */
    public StepConfigRenderer(TemplateLimits limits) {
        this(limits, new TemplateVariables(Map.of()), Clock.systemUTC());
    }

    /**
     * @param vars  what {@code $vars.NAME} reads
     * @param clock what {@code $fn.now()} reads
     */
    public StepConfigRenderer(TemplateLimits limits, TemplateVariables vars, Clock clock) {
        templates = SandboxedTemplates.forRendering(limits);
        globals = Map.of(FUNCTIONS, new TemplateFunctions(jsonInsertion::text, clock), VARS, vars.forTemplates());
    }

    /**
     * A renderer with the limits and vars {@code environment} sets ({@link TemplateLimitSettings},
     * {@link TemplateVariables}): the application's, and that of commands that run without it (such
     * as {@code validate --online}).
     */
    @Autowired
    public StepConfigRenderer(Environment environment) {
        this(TemplateLimitSettings.from(environment), TemplateVariables.from(environment), Clock.systemUTC());
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
        Matcher plain = PLAIN_PATH.matcher(text.trim());
        if (plain.matches()) {
            Object[] direct = lookUp(plain.group(1), variables(context));
            if (direct != null) {
                return direct[0];
            }
        }
        Optional<String> reference = singleReference(text, context, field);
        if (reference.isPresent()) {
            Context velocity = templates.newContext(variables(context));
            evaluate(velocity, "#set($" + RESULT + " = " + reference.get() + ")", context, field, text);
            return velocity.get(RESULT);
        }
        return evaluate(text, context, field, text);
    }

    private Optional<String> singleReference(String text, RenderContext context, String field) {
        try {
            return templates.singleReference(text);
        } catch (VelocityException e) {
            throw failure(e, context, field, text);
        }
    }

    /**
     * Resolves {@code a.b.c} through maps directly, without parsing a Velocity template: a loop
     * renders its task once per iteration, and this is most of that work. Returns the value in a
     * one-element array, or null when the path is not plain map access with every key present
     * (a missing key, a null in the middle, a bean, or a key Velocity would resolve as a getter
     * such as {@code class} or {@code empty}): Velocity then resolves it, or reports the error.
     */
    private static Object[] lookUp(String path, Map<String, Object> variables) {
        String[] names = path.split("\\.");
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

    /** The render context's names and the globals; a global wins, since the compiler reserves its names. */
    private Map<String, Object> variables(RenderContext context) {
        Map<String, Object> all = new HashMap<>(context.variables());
        all.putAll(globals);
        return all;
    }

    private String evaluate(String template, RenderContext context, String field, String original) {
        Context velocity = templates.newContext(variables(context));
        // One cartridge per rendering: Velocity's cartridges are not documented as safe to share between threads.
        EventCartridge events = new EventCartridge();
        events.addReferenceInsertionEventHandler(jsonInsertion);
        events.attachToContext(velocity);
        return evaluate(velocity, template, context, field, original);
    }

    private String evaluate(Context velocity, String template, RenderContext context, String field,
            String original) {
        try {
            return templates.render(context.step() + "." + field, template, velocity);
        } catch (VelocityException e) {
            throw failure(e, context, field, original);
        }
    }

    private static RenderException failure(VelocityException e, RenderContext context, String field,
            String original) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TemplateRefusedException refused) {
                return new RenderException(where(context, field) + ": the template \"" + shorten(original)
                        + "\" is refused: " + refused.getMessage(), refused);
            }
        }
        if (e instanceof MethodInvocationException invocation) {
            return new RenderException(where(context, field) + ": " + undefined(invocation) + " in \"" + original
                    + "\"; define it in the workload or fix the reference", e);
        }
        return new RenderException(where(context, field) + ": cannot render \"" + original + "\": "
                + e.getMessage() + "; define the missing value in the workload (or --set KEY=VALUE) or fix the"
                + " template", e);
    }

    private static String undefined(MethodInvocationException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int at = message.indexOf(" at ");
        return at > 0 ? message.substring(0, at) : message;
    }

    private static String where(RenderContext context, String field) {
        return "playbook " + context.playbook() + ", step " + context.step() + ", field " + field;
    }

    /** The start of a long template, so a refusal's message stays readable. */
    private static String shorten(String template) {
        return template.length() <= 200 ? template : template.substring(0, 200) + "...";
    }
}
