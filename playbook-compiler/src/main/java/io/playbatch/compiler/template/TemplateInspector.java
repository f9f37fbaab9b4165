package io.playbatch.compiler.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.velocity.runtime.parser.Token;
import org.apache.velocity.runtime.parser.node.ASTDirective;
import org.apache.velocity.runtime.parser.node.ASTIdentifier;
import org.apache.velocity.runtime.parser.node.ASTMethod;
import org.apache.velocity.runtime.parser.node.ASTReference;
import org.apache.velocity.runtime.parser.node.ASTSetDirective;
import org.apache.velocity.runtime.parser.node.Node;

/**
 * Walks a parsed template and lists what the {@link TemplatePolicy} refuses, with positions: refused
 * directives and macro calls, method names no kind of value allows, properties that read a value's
 * type ({@code .class}), {@code #set} into a value, and a call on {@code $fn} that is not a
 * {@link TemplateHelper} with its number of arguments. It sees names, not types, so a name some
 * kind allows passes here; the sandboxed uberspector checks the value's kind when the template
 * renders. Stateless and thread-safe.
 */
final class TemplateInspector {

    private final TemplatePolicy policy;

    TemplateInspector(TemplatePolicy policy) {
        this.policy = policy;
    }

    List<TemplateViolation> inspect(Node root) {
        List<TemplateViolation> found = new ArrayList<>();
        walk(root, found);
        return found;
    }

    private void walk(Node node, List<TemplateViolation> found) {
        if (node instanceof ASTDirective directive) {
            checkDirective(directive, found);
        } else if (node instanceof ASTMethod method) {
            checkMethod(method, found);
        } else if (node instanceof ASTIdentifier && !(node.jjtGetParent() instanceof ASTMethod)
                && policy.reachesTypes(name(node))) {
            found.add(violation(TemplateViolation.Kind.METHOD, node,
                    "`." + name(node) + "` reads a value's Java type, which templates may not do",
                    "templates read map keys, list items and the values of the render context only (a map key"
                            + " named `" + name(node) + "` reads as `$map.get('" + name(node) + "')`); see "
                            + TemplatePolicy.DOCS));
        } else if (node instanceof ASTSetDirective && node.jjtGetNumChildren() > 0
                && node.jjtGetChild(0) instanceof ASTReference left && left.jjtGetNumChildren() > 0) {
            found.add(violation(TemplateViolation.Kind.METHOD, node,
                    "`#set(" + left.literal() + " = ...)` writes into a value, and templates only read values",
                    "#set a new name instead, for example `#set($total = ...)`; see " + TemplatePolicy.DOCS));
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            walk(node.jjtGetChild(i), found);
        }
    }

    private void checkDirective(ASTDirective directive, List<TemplateViolation> found) {
        String name = directive.getDirectiveName();
        // Any other #word is a call of a macro, which no template can define: Velocity writes it as text.
        Optional<String> refusal = policy.directiveReason(name);
        if (refusal.isEmpty()) {
            return;
        }
        String reason = refusal.get();
        found.add(violation(TemplateViolation.Kind.DIRECTIVE, directive, "#" + name + " is not allowed in templates",
                reason + "; templates may use #if, #elseif, #else, #set, #foreach, #break and #stop, see "
                        + TemplatePolicy.DOCS));
    }

    private void checkMethod(ASTMethod method, List<TemplateViolation> found) {
        String name = name(method);
        if (callsHelper(method)) {
            // The first child names the method, the others are its arguments.
            TemplateHelper.refusal(name, method.jjtGetNumChildren() - 1).ifPresent(refusal ->
                    found.add(violation(TemplateViolation.Kind.METHOD, method, refusal, TemplateHelper.hint())));
            return;
        }
        if (policy.allowsAnywhere(name)) {
            return;
        }
        found.add(violation(TemplateViolation.Kind.METHOD, method,
                "`" + name + "(...)` is not a method templates may call",
                "templates may call " + String.join("(), ", policy.allMethods()) + "() on the values they read;"
                        + " see " + TemplatePolicy.DOCS));
    }

    /** Whether {@code method} is called on {@code $fn} itself: {@code $fn.json(...)}, not {@code $fn.json(...).trim()}. */
    private static boolean callsHelper(ASTMethod method) {
        if (!(method.jjtGetParent() instanceof ASTReference reference) || reference.jjtGetChild(0) != method) {
            return false;
        }
        String literal = reference.literal() == null ? "" : reference.literal();
        return literal.matches("(?s)\\$!?\\{?fn\\..*");
    }

    /** The name a method or identifier node starts with: its first token, set by the parser (the node's own name is set by init()). */
    private static String name(Node node) {
        Token first = node.getFirstToken();
        return first == null || first.image == null ? "" : first.image;
    }

    private static TemplateViolation violation(TemplateViolation.Kind kind, Node node, String message, String hint) {
        // The node's own line/column are only set by init(); the token's are set by the parser.
        Token first = node.getFirstToken();
        int line = first == null ? 1 : first.beginLine;
        int column = first == null ? 1 : first.beginColumn;
        return new TemplateViolation(kind, message, hint, line, column);
    }
}
