package io.playbatch.compiler.validate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the Jinja expressions of v1 templates into the Velocity of v2 (docs/migration.md#v1-jinja-templates),
 * so that PB025 and the other v1 diagnostics can show the text to write instead of a generic example:
 * {@code {{ fetch.temp }}} is {@code $steps.fetch.data.temp} when {@code fetch} is a step,
 * {@code {{ workload.x }}} is {@code $workload.x}, {@code | length} is {@code .size()},
 * {@code | default(d)} is {@code $fn.default($x, d)}, {@code | tojson} is {@code $fn.json($x)} (the template
 * helpers of docs/dsl.md), {@code and}/{@code or}/{@code not} are {@code &&},
 * {@code ||}, {@code !}. What has no rule is named in {@link Result#untranslated()}, never guessed.
 * Immutable and thread-safe.
 */
final class JinjaTranslation {

    /**
     * The Velocity text, the Jinja pieces that need a human (each phrased as what to do) and notes on
     * what a rule did.
     */
    record Result(String velocity, List<String> untranslated, List<String> notes) {

        Result {
            untranslated = List.copyOf(untranslated);
            notes = List.copyOf(new LinkedHashSet<>(notes));
        }

        boolean complete() {
            return untranslated.isEmpty();
        }

        /** {@code `velocity` (notes); by hand: ...}, as a hint shows it. */
        String describe() {
            return "`" + velocity + "`" + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")")
                    + (untranslated.isEmpty() ? "" : "; by hand: " + String.join("; ", untranslated));
        }
    }

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile(
            "'[^']*'|\"[^\"]*\"|[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*|\\[[^\\]]*])*");
    private static final Pattern SINGLE_REFERENCE = Pattern.compile("\\$[A-Za-z_][\\w.\\[\\]'\"()]*");
    /** A call of a template helper, {@code $fn.json(...)}: one reference too, braced inside text. */
    private static final Pattern HELPER_CALL = Pattern.compile("\\$fn\\.[a-z]+\\(.*\\)[\\w.()]*", Pattern.DOTALL);
    private static final Pattern FILTER = Pattern.compile("\\s*([A-Za-z_]+)\\s*(?:\\((.*)\\))?\\s*", Pattern.DOTALL);
    private static final Map<String, String> OPERATORS = Map.of("and", "&&", "or", "||", "not", "!",
            "True", "true", "False", "false", "true", "true", "false", "false");
    private static final Pattern CONDITION_FILTER = Pattern.compile("\\s*\\|\\s*(length|count|upper|lower|trim)\\b");
    private static final Map<String, String> METHOD_FILTERS = Map.of("length", ".size()", "count", ".size()",
            "upper", ".toUpperCase()", "lower", ".toLowerCase()", "trim", ".trim()");

    private final Set<String> stepNames;

    /** {@code stepNames}: the steps of the playbook, whose results v1 read as {@code {{ step.field }}}. */
    JinjaTranslation(Set<String> stepNames) {
        this.stepNames = Set.copyOf(stepNames);
    }

    /** A template: every {@code {{ ... }}} replaced; a text that is exactly one reference stays one (a typed value). */
    Result template(String text) {
        List<String> untranslated = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Matcher m = EXPRESSION.matcher(text);
        // One expression spanning the whole text (matches() alone would let `.*?` run across several).
        boolean whole = m.find() && m.start() == 0 && m.end() == text.length();
        m.reset();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String velocity = templateExpression(m.group(1).strip(), untranslated, notes);
            if (!whole && (SINGLE_REFERENCE.matcher(velocity).matches() || HELPER_CALL.matcher(velocity).matches())) {
                velocity = "${" + velocity.substring(1) + "}";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(velocity));
        }
        m.appendTail(out);
        return new Result(out.toString(), untranslated, notes);
    }

    /** A {@code when}: the expression inside {@code {{ }}} (or the whole text) as a Velocity condition. */
    Result condition(String text) {
        Matcher m = EXPRESSION.matcher(text.strip());
        String expression = m.find() && m.start() == 0 && m.end() == text.strip().length() ? m.group(1).strip()
                : text.strip();
        List<String> untranslated = new ArrayList<>();
        // Inside a condition a filter is followed by more of the expression: rewrite the method filters in place.
        Matcher filter = CONDITION_FILTER.matcher(expression);
        StringBuilder rewritten = new StringBuilder();
        while (filter.find()) {
            filter.appendReplacement(rewritten, Matcher.quoteReplacement(METHOD_FILTERS.get(filter.group(1))));
        }
        filter.appendTail(rewritten);
        String[] parts = splitFilters(rewritten.toString());
        if (parts.length > 1) {
            untranslated.add("the filter `| " + parts[1] + "` in a condition: test the value itself");
        }
        return new Result(operand(parts[0], untranslated), untranslated, List.of());
    }

    private String templateExpression(String expression, List<String> untranslated, List<String> notes) {
        String[] parts = splitFilters(expression);
        String base = parts[0].matches("now\\(\\s*\\)") ? "$fn.now()" : operand(parts[0], untranslated);
        boolean reference = SINGLE_REFERENCE.matcher(base).matches() || HELPER_CALL.matcher(base).matches();
        for (int i = 1; i < parts.length; i++) {
            Matcher filter = FILTER.matcher(parts[i]);
            String name = filter.matches() ? filter.group(1) : parts[i].strip();
            if (!reference) {
                untranslated.add("`{{ " + expression + " }}`: compute the expression in the task, then read it");
                return "{{ " + expression + " }}";
            }
            if (METHOD_FILTERS.containsKey(name)) {
                base = base + METHOD_FILTERS.get(name);
            } else if (name.equals("tojson") && filter.group(2) == null) {
                base = "$fn.json(" + base + ")";
            } else if ((name.equals("default") || name.equals("d")) && filter.group(2) != null
                    && !filter.group(2).contains(",")) {
                base = "$fn.default(" + base + ", " + operand(filter.group(2).strip(), untranslated) + ")";
            } else {
                untranslated.add("the filter `| " + parts[i].strip() + "`: no Velocity rule, rewrite it by hand");
                return "{{ " + expression + " }}";
            }
        }
        if (!reference) {
            untranslated.add("`{{ " + expression + " }}`: a template renders references, not expressions;"
                    + " compute it in the task, then read it");
            return "{{ " + expression + " }}";
        }
        return base;
    }

    /** The references and operators of one expression, filters aside. */
    private String operand(String expression, List<String> untranslated) {
        Matcher m = REFERENCE.matcher(expression);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String token = m.group();
            String replacement;
            if (token.startsWith("'") || token.startsWith("\"")) {
                replacement = token;
            } else if (OPERATORS.containsKey(token)) {
                replacement = OPERATORS.get(token);
            } else if (token.equals("None") || token.equals("none") || token.equals("in") || token.equals("is")) {
                untranslated.add("`" + token + "`: Velocity has no such operator; test the value itself");
                replacement = token;
            } else {
                replacement = reference(token, untranslated);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("! ", "!").strip();
    }

    /** {@code fetch.data.temp} to {@code $steps.fetch.data.temp}, {@code workload.x} to {@code $workload.x}. */
    private String reference(String path, List<String> untranslated) {
        int dot = indexOfSeparator(path);
        String root = dot < 0 ? path : path.substring(0, dot);
        String rest = dot < 0 ? "" : path.substring(dot);
        if (stepNames.contains(root)) {
            // v1 read a step's result as the step itself, `.result` or `.data`; v2 keeps it in the envelope's `data`.
            String field = rest.replaceFirst("^\\.(result|data)(?=$|[.\\[])", "");
            return "$steps." + root + ".data" + field;
        }
        return switch (root) {
            case "execution_id" -> "$execution.id" + rest;
            case "job" -> "$execution.id";
            case "secret" -> "$secrets" + rest;
            case "env" -> {
                if (!rest.matches("\\.[A-Za-z_][A-Za-z0-9_]*")) {
                    untranslated.add("`" + path + "`: templates do not read the environment; read one configuration"
                            + " variable (`$vars.NAME`, set as playbatch.vars.NAME) or a secret (`$secrets...`)");
                }
                yield "$vars" + rest;
            }
            default -> "$" + path;
        };
    }

    private static int indexOfSeparator(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                return i;
            }
        }
        return -1;
    }

    /** The pieces between top-level {@code |}: the operand, then each filter. */
    private static String[] splitFilters(String expression) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == '|' && depth == 0 && (i + 1 >= expression.length() || expression.charAt(i + 1) != '|')) {
                parts.add(expression.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(expression.substring(start).strip());
        return parts.toArray(String[]::new);
    }
}
