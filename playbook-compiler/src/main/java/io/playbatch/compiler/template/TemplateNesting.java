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
        int column = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            column++;
            if (c == '\n') {
                line++;
                column = 0;
                i++;
                continue;
            }
            int opened = 0;
            int consumed = 1;
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '#') {
                consumed = 2;
            } else if (c == '#' && i + 1 < text.length() && text.charAt(i + 1) == '#') {
                int end = text.indexOf('\n', i);
                consumed = (end < 0 ? text.length() : end) - i;
            } else if (c == '#') {
                String name = directiveName(text, i + 1);
                if (BLOCKS.contains(name) || (i + 1 < text.length() && text.charAt(i + 1) == '@')) {
                    opened = 1;
                } else if (name.equals("end")) {
                    depth = Math.max(0, depth - 1);
                }
            } else if (c == '(' || c == '[' || c == '{') {
                opened = 1;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            }
            depth += opened;
            if (depth > limit) {
                return Optional.of(new TemplateViolation(TemplateViolation.Kind.DEPTH,
                        "the template nests directives and brackets more than " + limit + " deep",
                        "flatten it: combine conditions with && and ||, move repeated work to a loop step, or"
                                + " raise playbatch.limits.template-depth; see " + TemplatePolicy.DOCS,
                        line, column));
            }
            i += consumed;
            column += consumed - 1;
        }
        return Optional.empty();
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
