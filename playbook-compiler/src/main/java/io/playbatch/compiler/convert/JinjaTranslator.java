package io.playbatch.compiler.convert;

import io.playbatch.compiler.convert.Translation.Translated;
import io.playbatch.compiler.convert.Translation.Untranslatable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates v1 Jinja templates into Velocity (docs/migration.md): references become Velocity
 * references ({@code {{ workload.x }}} to {@code $workload.x}, a step's result to
 * {@code $steps.NAME.data...}), {@code and}/{@code or}/{@code not} become {@code &&}/{@code ||}/{@code !},
 * the filters {@code length}, {@code count}, {@code upper}, {@code lower} and {@code trim} become
 * method calls, {@code | tojson} and {@code | default(x)} the template helpers {@code $fn.json(...)} and
 * {@code $fn.default(..., x)}, {@code now()} is {@code $fn.now()}. Anything else is {@link Untranslatable}, never guessed. Literal text that Velocity
 * would read ({@code $name}, {@code #word}, {@code ##}) is kept verbatim in {@code #[[...]]#}.
 * Stateless and thread-safe.
 */
final class JinjaTranslator {

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern VELOCITY_SPECIAL = Pattern.compile("\\$[A-Za-z{!]|#[A-Za-z{@*#\\[]");
    private static final Pattern TOKEN = Pattern.compile("\\s*(?:(?<name>[A-Za-z_][A-Za-z0-9_]*)"
            + "|(?<number>\\d+(?:\\.\\d+)?)|(?<string>'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\")"
            + "|(?<op>==|!=|<=|>=|[<>+\\-*/%~.\\[\\]()|,]))");
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", ">", "<=", ">=");
    private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "%");
    private static final Map<String, String> METHOD_FILTERS = Map.of("length", ".size()", "count", ".size()",
            "upper", ".toUpperCase()", "lower", ".toLowerCase()", "trim", ".trim()");
    /** {@code env.NAME} or {@code env['NAME']}, after {@code env}: one environment variable. */
    private static final Pattern ENV_VARIABLE = Pattern.compile("\\.([A-Za-z_]\\w*)|\\.get\\('([A-Za-z_]\\w*)'\\)");
    private static final Set<String> RESULT_FIELDS = Set.of("data", "result", "results");

    /** A template value: {@code args}, {@code loop.over}, {@code save}, {@code output}. */
    Translation value(String text, TemplateScope scope) {
        if (text.contains("{%") || text.contains("{#")) {
            return new Untranslatable(TodoKind.JINJA_EXPRESSION, quote(text),
                    "a Jinja statement or comment ({% %}, {# #}) has no v2 form: compute the value in a python task");
        }
        if (!text.contains("{{")) {
            return new Translated(literal(text));
        }
        try {
            Matcher whole = EXPRESSION.matcher(text.strip());
            if (whole.matches() && !whole.group(1).contains("{{") && !whole.group(1).contains("}}")) {
                return new Translated(asWholeValue(parse(whole.group(1), scope), whole.group(1)));
            }
            Matcher matcher = EXPRESSION.matcher(text);
            StringBuilder out = new StringBuilder();
            int last = 0;
            while (matcher.find()) {
                out.append(literal(text.substring(last, matcher.start())));
                out.append(inText(parse(matcher.group(1), scope), matcher.group(1)));
                last = matcher.end();
            }
            out.append(literal(text.substring(last)));
            return new Translated(out.toString());
        } catch (Untranslated e) {
            return e.reason;
        }
    }

    /** A {@code when}: one Jinja expression (with or without its braces) as a Velocity condition. */
    Translation condition(String text, TemplateScope scope) {
        String inner = text.strip();
        Matcher whole = EXPRESSION.matcher(inner);
        if (whole.matches() && !whole.group(1).contains("{{")) {
            inner = whole.group(1);
        } else if (inner.contains("{{") || inner.contains("{%")) {
            return new Untranslatable(TodoKind.JINJA_EXPRESSION, quote(text),
                    "a condition is one expression in v2: write it as one Velocity condition");
        }
        try {
            return new Translated(parse(inner, scope).condition());
        } catch (Untranslated e) {
            return e.reason;
        }
    }

    private static String asWholeValue(Expr expr, String source) {
        if (expr instanceof Ref ref) {
            return "$" + ref.path();
        }
        if (expr instanceof Literal literal) {
            return literal(literal.text());
        }
        throw new Untranslated(TodoKind.JINJA_EXPRESSION, quote("{{" + source + "}}"),
                "an expression used as a value renders as text in v2: test it in a `when`, or compute it in a python task");
    }

    private static String inText(Expr expr, String source) {
        if (expr instanceof Ref ref) {
            return "${" + ref.path() + "}";
        }
        if (expr instanceof Literal literal) {
            return literal(literal.text());
        }
        throw new Untranslated(TodoKind.JINJA_EXPRESSION, quote("{{" + source + "}}"),
                "an expression inside text has no v2 form: compute it in a python task and read its result");
    }

    /** Text Velocity must not read is kept as it is, in an unparsed block. */
    static String literal(String text) {
        if (!VELOCITY_SPECIAL.matcher(text).find()) {
            return text;
        }
        if (text.contains("]]#")) {
            throw new Untranslated(TodoKind.JINJA_EXPRESSION, quote(text),
                    "the text holds `$` or `#` sequences Velocity would read, and `]]#`: escape them by hand");
        }
        return "#[[" + text + "]]#";
    }

    private Expr parse(String source, TemplateScope scope) {
        Parser parser = new Parser(tokenize(source), scope, source);
        Expr expr = parser.or();
        if (!parser.atEnd()) {
            throw new Untranslated(TodoKind.JINJA_EXPRESSION, quote("{{" + source + "}}"),
                    "the converter reads references, comparisons, and/or/not and a few filters; rewrite the rest by hand");
        }
        return expr;
    }

    private static List<String> tokenize(String source) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(source);
        int at = 0;
        while (at < source.length()) {
            if (source.substring(at).isBlank()) {
                break;
            }
            if (!matcher.find(at) || matcher.start() != at) {
                throw new Untranslated(TodoKind.JINJA_EXPRESSION, quote("{{" + source + "}}"),
                        "this Jinja syntax has no mechanical Velocity form");
            }
            tokens.add(matcher.group().strip());
            at = matcher.end();
        }
        return tokens;
    }

    static String quote(String text) {
        String one = text.strip().replaceAll("\\s+", " ");
        return "`" + (one.length() > 60 ? one.substring(0, 57) + "..." : one) + "`";
    }

    /** A translated expression: a single reference, a string literal, or any other Velocity code. */
    private sealed interface Expr {

        /** The expression as Velocity code, as a condition or an operand reads it. */
        String condition();
    }

    private record Ref(String path) implements Expr {

        @Override
        public String condition() {
            return "$" + path;
        }
    }

    private record Literal(String text) implements Expr {

        @Override
        public String condition() {
            return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
        }
    }

    private record Code(String code) implements Expr {

        @Override
        public String condition() {
            return code;
        }
    }

    /** A parenthesized expression. */
    private record Group(String code) implements Expr {

        @Override
        public String condition() {
            return code;
        }
    }

    private static String code(Expr expr) {
        return expr.condition();
    }

    /** A recursive-descent reading of Jinja's expression grammar, producing Velocity as it goes. */
    private static final class Parser {

        private final List<String> tokens;
        private final TemplateScope scope;
        private final String source;
        private int at;

        Parser(List<String> tokens, TemplateScope scope, String source) {
            this.tokens = tokens;
            this.scope = scope;
            this.source = source;
        }

        boolean atEnd() {
            return at == tokens.size();
        }

        private String peek() {
            return at < tokens.size() ? tokens.get(at) : "";
        }

        private String next() {
            if (atEnd()) {
                throw unsupported("the expression ends too early");
            }
            return tokens.get(at++);
        }

        private boolean accept(String token) {
            if (peek().equals(token)) {
                at++;
                return true;
            }
            return false;
        }

        Expr or() {
            Expr left = and();
            while (accept("or")) {
                left = new Code(code(left) + " || " + code(and()));
            }
            return left;
        }

        private Expr and() {
            Expr left = not();
            while (accept("and")) {
                left = new Code(code(left) + " && " + code(not()));
            }
            return left;
        }

        private Expr not() {
            if (accept("not")) {
                Expr operand = not();
                boolean grouped = operand instanceof Ref || operand instanceof Group;
                return new Code(grouped ? "!" + code(operand) : "!(" + code(operand) + ")");
            }
            return comparison();
        }

        private Expr comparison() {
            Expr left = additive();
            if (COMPARISONS.contains(peek())) {
                String op = next();
                return new Code(code(left) + " " + op + " " + code(additive()));
            }
            boolean negated = peek().equals("not") && at + 1 < tokens.size() && tokens.get(at + 1).equals("in");
            if (negated) {
                at++;
            }
            if (accept("in")) {
                Expr container = additive();
                if (!(container instanceof Ref ref)) {
                    throw unsupported("`in` needs a reference on its right");
                }
                return new Code((negated ? "!" : "") + "$" + ref.path() + ".contains(" + code(left) + ")");
            }
            if (peek().equals("is")) {
                throw unsupported("Jinja tests (`is defined`, `is none`, ...) have no Velocity form");
            }
            return left;
        }

        private Expr additive() {
            Expr left = filtered();
            while (ARITHMETIC.contains(peek())) {
                String op = next();
                left = new Code(code(left) + " " + op + " " + code(filtered()));
            }
            if (peek().equals("~")) {
                throw unsupported("`~` joins text: write the parts side by side in a string instead");
            }
            return left;
        }

        private Expr filtered() {
            Expr value = primary();
            while (accept("|")) {
                String filter = next();
                String method = METHOD_FILTERS.get(filter);
                if (!(value instanceof Ref ref)) {
                    throw untranslatableFilter(filter, "the converter translates filters of a reference only");
                } else if (method != null) {
                    value = new Ref(ref.path() + method);
                } else if (filter.equals("tojson") && !peek().equals("(")) {
                    value = new Ref("fn.json(" + code(ref) + ")");
                } else if (filter.equals("default") || filter.equals("d")) {
                    value = new Ref("fn.default(" + code(ref) + ", " + fallback(filter) + ")");
                } else {
                    throw untranslatableFilter(filter, "the filter has no Velocity form in this build");
                }
            }
            return value;
        }

        /** The argument of {@code | default(x)}: one literal or reference; Jinja's second argument has no v2 form. */
        private String fallback(String filter) {
            expect("(");
            Expr fallback = additive();
            if (peek().equals(",")) {
                throw untranslatableFilter(filter, "`$fn.default` replaces a missing or null value only, not a false or"
                        + " empty one (Jinja's second argument)");
            }
            expect(")");
            if (!(fallback instanceof Ref || fallback instanceof Literal || fallback.condition().matches("-?[\\w.]+"))) {
                throw untranslatableFilter(filter, "the fallback is an expression; write it as one value");
            }
            return code(fallback);
        }

        private Untranslated untranslatableFilter(String filter, String why) {
            return new Untranslated(TodoKind.JINJA_FILTER, "`| " + filter + "` in " + quote("{{" + source + "}}"),
                    why + ": compute the value in a python task");
        }

        private Expr primary() {
            String token = next();
            if (token.equals("(")) {
                Expr inner = or();
                expect(")");
                return new Group("(" + code(inner) + ")");
            }
            if (token.startsWith("'") || token.startsWith("\"")) {
                return new Literal(token.substring(1, token.length() - 1).replaceAll("\\\\(.)", "$1"));
            }
            if (Character.isDigit(token.charAt(0)) || token.equals("-")) {
                return new Code(token.equals("-") ? "-" + next() : token);
            }
            switch (token) {
                case "true", "True" -> {
                    return new Code("true");
                }
                case "false", "False" -> {
                    return new Code("false");
                }
                case "none", "None", "null" -> throw unsupported("Velocity has no null literal");
                default -> {
                    if (!Character.isLetter(token.charAt(0)) && token.charAt(0) != '_') {
                        throw unsupported("unexpected `" + token + "`");
                    }
                }
            }
            List<String> path = new ArrayList<>();
            path.add(token);
            while (true) {
                if (accept(".")) {
                    path.add("." + next());
                } else if (accept("[")) {
                    String index = next();
                    expect("]");
                    path.add(index.startsWith("'") || index.startsWith("\"")
                            ? ".get('" + index.substring(1, index.length() - 1) + "')" : "[" + index + "]");
                } else if (path.equals(List.of("now")) && accept("(")) {
                    expect(")");
                    return new Ref("fn.now()");
                } else if (peek().equals("(")) {
                    throw unsupported("method calls are not translated");
                } else {
                    return resolve(path);
                }
            }
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw unsupported("`" + token + "` expected");
            }
        }

        /** A Jinja name path as the v2 reference it means. */
        private Expr resolve(List<String> path) {
            String first = path.get(0);
            String rest = String.join("", path.subList(1, path.size()));
            if (first.equals("workload") || first.equals("secrets") || scope.loopNames().contains(first)) {
                return new Ref(first + rest);
            }
            if (first.equals("secret")) {
                return new Ref("secrets" + rest);
            }
            if (first.equals("execution_id") || first.equals("job")) {
                return new Ref("execution.id");
            }
            if (scope.steps().contains(first)) {
                List<String> tail = path.subList(1, path.size());
                if (!tail.isEmpty() && RESULT_FIELDS.contains(tail.get(0).substring(1))) {
                    tail = tail.subList(1, tail.size());
                }
                return new Ref("steps." + first + ".data" + String.join("", tail));
            }
            if (scope.locals().containsKey(first)) {
                return local(first, rest);
            }
            Matcher variable = ENV_VARIABLE.matcher(rest);
            if (first.equals("env") && variable.matches()) {
                // v2's configuration variables are what v1 read from the environment (docs/dsl.md, template helpers).
                return new Ref("vars." + (variable.group(1) != null ? variable.group(1) : variable.group(2)));
            }
            if (first.equals("env")) {
                throw new Untranslated(TodoKind.UNKNOWN_NAME, quote("{{" + source + "}}"),
                        "v2 templates do not read the environment: read one configuration variable, `$vars.NAME`"
                                + " (playbatch.vars.NAME), or a secret");
            }
            if (first.equals("result") || first.equals("this") || first.equals("response")) {
                throw new Untranslated(TodoKind.UNKNOWN_NAME, quote("{{" + source + "}}"),
                        "v2 has no name for the current result: `save` writes the task's data as it is, and a later"
                                + " step reads `$steps.NAME.data`");
            }
            throw new Untranslated(TodoKind.UNKNOWN_NAME, quote("{{" + source + "}}"),
                    "`" + first + "` is no v2 template name, step or input of this step: pass it in the workload or"
                            + " the step's args");
        }

        /** A bare name that reads one of the step's own v1 inputs: that input's value instead. */
        private Expr local(String name, String rest) {
            String value = scope.locals().get(name);
            Matcher whole = EXPRESSION.matcher(value.strip());
            if (whole.matches() && !whole.group(1).contains("{{")) {
                Expr inner = new JinjaTranslator().parse(whole.group(1), scope.withoutLocals());
                if (rest.isEmpty()) {
                    return inner;
                }
                if (inner instanceof Ref ref) {
                    return new Ref(ref.path() + rest);
                }
            } else if (!value.contains("{{") && rest.isEmpty()) {
                return new Literal(value);
            }
            throw new Untranslated(TodoKind.UNKNOWN_NAME, quote("{{" + source + "}}"),
                    "`" + name + "` reads an input of this step that is not one reference: inline it by hand");
        }

        private Untranslated unsupported(String why) {
            return new Untranslated(TodoKind.JINJA_EXPRESSION, quote("{{" + source + "}}"), why);
        }
    }

    /** Unwinds a translation that cannot be finished; carries the TODO. */
    private static final class Untranslated extends RuntimeException {

        private final Untranslatable reason;

        Untranslated(TodoKind kind, String what, String why) {
            super(why, null, false, false);
            this.reason = new Untranslatable(kind, what, why);
        }
    }
}
