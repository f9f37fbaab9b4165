package io.playbatch.compiler.template;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.velocity.Template;
import org.apache.velocity.context.Context;
import org.apache.velocity.exception.ParseErrorException;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.node.ASTReference;
import org.apache.velocity.runtime.parser.node.Node;
import org.apache.velocity.runtime.parser.node.SimpleNode;
import org.slf4j.helpers.NOPLogger;

/**
 * The one way Playbatch makes a Velocity engine: sandboxed by the {@link TemplatePolicy} (its
 * {@link SandboxUberspector} answers every method call, property and iteration), with no resource
 * loader and no velocimacro library (so {@code #include} and {@code #parse} could read nothing even
 * if reached), inline macros off, Velocity's own logging off (its failures reach the caller as
 * exceptions), and the {@link TemplateLimits}. {@link #forChecking} serves
 * {@code validate}, which only parses; {@link #forRendering} serves the renderer, in strict
 * reference mode, and refuses a template before merging it when it nests too deep or uses a
 * refused directive or method name, then bounds what it writes. Thread-safe.
 */
public final class SandboxedTemplates {

    private final RuntimeInstance velocity = new RuntimeInstance();
    private final TemplateLimits limits;
    private final TemplateNesting nesting = new TemplateNesting();
    private final TemplateInspector inspector = new TemplateInspector(TemplatePolicy.standard());

    private SandboxedTemplates(TemplateLimits limits, boolean strict) {
        this.limits = limits;
        // Every failure reaches the caller as an exception, and from there a diagnostic or a render_error;
        // Velocity's own log lines would only repeat it, on the console of `validate --json` among others.
        velocity.setProperty(RuntimeConstants.RUNTIME_LOG_INSTANCE, NOPLogger.NOP_LOGGER);
        velocity.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, SandboxUberspector.class.getName());
        velocity.setProperty(SandboxUberspector.RENDERED_BYTES, String.valueOf(limits.renderedBytes()));
        velocity.setProperty(SandboxUberspector.FOREACH_ITERATIONS, String.valueOf(limits.foreachIterations()));
        velocity.setProperty(RuntimeConstants.RESOURCE_LOADERS, "none");
        velocity.setProperty("resource.loader.none.instance", new NoResourceLoader());
        velocity.setProperty(RuntimeConstants.VM_LIBRARY, "");
        velocity.setProperty(RuntimeConstants.VM_PERM_ALLOW_INLINE, "false");
        velocity.setProperty(RuntimeConstants.RUNTIME_LOG_REFERENCE_LOG_INVALID, "false");
        velocity.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
        velocity.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, String.valueOf(strict));
        velocity.init();
    }

    /** Templates for {@code validate}: parsed and inspected, never rendered. */
    public static SandboxedTemplates forChecking(TemplateLimits limits) {
        return new SandboxedTemplates(limits, false);
    }

    /** Templates for the renderer: strict, so an undefined reference is an error rather than an empty string. */
    public static SandboxedTemplates forRendering(TemplateLimits limits) {
        return new SandboxedTemplates(limits, true);
    }

    public TemplateLimits limits() {
        return limits;
    }

    /** Where {@code text} nests deeper than the limit, checked on the raw text; parse only when this is empty. */
    public Optional<TemplateViolation> nestingViolation(String text) {
        return nesting.exceeding(text, limits.depth());
    }

    /**
     * Parses {@code text}; {@code name} names it in Velocity's messages.
     *
     * @throws TemplateRefusedException when it nests too deep to parse safely
     */
    public SimpleNode parse(String name, String text) throws ParseException {
        Optional<TemplateViolation> tooDeep = nestingViolation(text);
        if (tooDeep.isPresent()) {
            throw tooDeep.get().refusal();
        }
        Template template = new Template();
        template.setName(name);
        return velocity.parse(new StringReader(text), template);
    }

    /**
     * The reference {@code text} consists of, without braces ({@code ${a.b[0]}} gives
     * {@code $a.b[0]}), when {@code text} is exactly one reference, whatever its path (keys, indexes,
     * method calls) and blanks around it; empty for anything else, including a quiet reference
     * ({@code $!a}) and a template that does not parse (rendering reports that). It only parses: the
     * caller evaluates the reference in the sandbox like any template.
     *
     * @throws TemplateRefusedException when it nests too deep to parse safely
     */
    public Optional<String> singleReference(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("$") || trimmed.startsWith("$!")) {
            return Optional.empty();
        }
        SimpleNode root;
        try {
            root = parse("reference", trimmed);
        } catch (ParseException e) {
            return Optional.empty();
        }
        if (root.jjtGetNumChildren() != 1 || !(root.jjtGetChild(0) instanceof ASTReference)) {
            return Optional.empty();
        }
        // One formal reference spans the whole text, so its braces are the first and the last character.
        return Optional.of(trimmed.startsWith("${") ? "$" + trimmed.substring(2, trimmed.length() - 1) : trimmed);
    }

    /** What the policy refuses in a parsed template, in document order. */
    public List<TemplateViolation> violations(Node root) {
        return inspector.inspect(root);
    }

    /** A render context over {@code variables} that refuses a {@code #set} of a string over the size limit. */
    public Context newContext(Map<String, Object> variables) {
        return new BoundedContext(variables, limits.renderedBytes());
    }

    /**
     * Renders {@code text} with {@code context} (made by {@link #newContext}).
     *
     * @throws TemplateRefusedException when the policy or a limit refuses the template
     * @throws ParseErrorException when it does not parse
     * @throws org.apache.velocity.exception.VelocityException for other rendering failures (strict references)
     */
    public String render(String name, String text, Context context) {
        SimpleNode root;
        try {
            root = parse(name, text);
        } catch (ParseException e) {
            throw new ParseErrorException(e, null);
        }
        List<TemplateViolation> found = violations(root);
        if (!found.isEmpty()) {
            throw found.get(0).refusal();
        }
        BoundedWriter out = new BoundedWriter(limits.renderedBytes());
        velocity.render(context, out, name, root);
        return out.toString();
    }
}
