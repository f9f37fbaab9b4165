package io.playbatch.compiler.template;

import java.util.Optional;
import java.util.Set;

/**
 * Measures how deeply a template nests block directives ({@code #if}, {@code #foreach},
 * {@code #macro}, {@code #define}, {@code #@block}) and brackets, on the raw text, before Velocity's
 * recursive-descent parser sees it: thousands of nested {@code #if} exhaust a thread's stack in the
 * parser, and a StackOverflowError must never be the way a template is refused. The count is
 * deliberately simple and errs on the deep side (a bracket in plain text counts too). Stateless.
 */
final class TemplateNesting {

    private static final Set<String> BLOCKS = Set.of("if", "foreach", "macro", "define");

    /** The first place {@code text} nests deeper than {@code limit}, as a violation, or empty. */
    Optional<TemplateViolation> exceeding(String text, int limit) {
        int depth = 0;
        int line = 1;
        int column = 1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int next = i + 1;
            if (c == '\\' && next < text.length() && text.charAt(next) == '#') {
                next = i + 2;
            } else if (text.startsWith("##", i)) {
                next = endOf(text, text.indexOf('\n', i), 0);
            } else if (text.startsWith("#*", i)) {
                next = endOf(text, text.indexOf("*#", i + 2), 2);
            } else if (c == '#') {
                String name = directiveName(text, i + 1);
                if (BLOCKS.contains(name) || (next < text.length() && text.charAt(next) == '@')) {
                    depth++;
                } else if (name.equals("end")) {
                    depth = Math.max(0, depth - 1);
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            }
            if (depth > limit) {
                return Optional.of(new TemplateViolation(TemplateViolation.Kind.DEPTH,
                        "the template nests directives and brackets more than " + limit + " deep",
                        "flatten it: combine conditions with && and ||, move repeated work to a loop step, or"
                                + " raise playbatch.limits.template-depth; see " + TemplatePolicy.DOCS,
                        line, column));
            }
            for (; i < next; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
        }
        return Optional.empty();
    }

    /** Where a comment ends: after its closing mark found at {@code found}, or at the end of the text. */
    private static int endOf(String text, int found, int markLength) {
        return found < 0 ? text.length() : found + markLength;
    }

    /** The identifier after {@code #} or {@code #{}, or "" when there is none. */
    private static String directiveName(String text, int from) {
        int i = from < text.length() && text.charAt(from) == '{' ? from + 1 : from;
        int start = i;
        while (i < text.length() && Character.isLetter(text.charAt(i))) {
            i++;
        }
        return text.substring(start, i);
    }
}
