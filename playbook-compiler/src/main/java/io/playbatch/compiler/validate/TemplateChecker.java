package io.playbatch.compiler.validate;

import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.diag.SourcePosition;
import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.dsl.ResourceReferences;
import io.playbatch.compiler.dsl.mcp.McpSection;
import io.playbatch.compiler.ir.GraphAnalysis;
import io.playbatch.compiler.ir.McpResourceSpec;
import io.playbatch.compiler.template.SandboxedTemplates;
import io.playbatch.compiler.template.TemplateHelper;
import io.playbatch.compiler.template.TemplateLimits;
import io.playbatch.compiler.template.TemplateViolation;
import io.playbatch.compiler.yaml.YamlList;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.Token;
import org.apache.velocity.runtime.parser.node.ASTDirective;
import org.apache.velocity.runtime.parser.node.ASTMethod;
import org.apache.velocity.runtime.parser.node.ASTReference;
import org.apache.velocity.runtime.parser.node.ASTSetDirective;
import org.apache.velocity.runtime.parser.node.Node;

/**
 * Checks every template of a playbook at compile time with Velocity's own parser: syntax (with the
 * error's position in the YAML file), Jinja leftovers, and each reference's root name against the
 * context docs/dsl.md#templates defines ({@code workload}, {@code steps}, {@code execution}, {@code secrets},
 * {@code resources}, the helpers {@code fn}, the configured {@code vars}, and inside a loop step its
 * {@code as} name and {@code index}). {@code $vars.NAME} is checked against the configured names when
 * the compiler is given them. Every {@code $steps.X} must name
 * a step guaranteed to have finished on every path reaching the template. Workbook templates are
 * checked at each step that calls them. Jinja is reported with its Velocity translation
 * ({@link JinjaTranslation}). The sandbox's policy ({@link SandboxedTemplates}) is checked
 * here too: a method or property outside the allowlist (PB050), a refused directive (PB051), and
 * nesting deeper than the limit, measured before parsing (PB052). Thread-safe.
 */
public final class TemplateChecker {

    private static final Set<String> GLOBAL_NAMES = Set.of("workload", "steps", "execution", "secrets", "resources",
            "fn", "vars");
    private static final Pattern LINE_COLUMN = Pattern.compile("line (\\d+), column (\\d+)");
    private static final String CONDITION_PREFIX = "#if(";
    private static final Pattern JAVA_CLASS_PREFIX = Pattern.compile("(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*: ");

    private final SandboxedTemplates templates;
    private final Set<String> vars;

    /** A checker with the default template limits, which does not know the configured vars. */
    public TemplateChecker() {
        this(TemplateLimits.defaults(), null);
    }

    /**
     * @param vars the names of the configured {@code playbatch.vars.*}, which {@code $vars.NAME} must
     *             use; null when they are not known here (they are checked when the template renders)
     */
    public TemplateChecker(TemplateLimits limits, Set<String> vars) {
        templates = SandboxedTemplates.forChecking(limits);
        this.vars = vars == null ? null : Set.copyOf(vars);
    }

    /** Checks all templates; {@code analysis} may be null when the graph has structural errors. */
    public void check(PlaybookDocument document, String[] sourceLines, GraphAnalysis analysis, Diagnostics out) {
        new Run(document, sourceLines, analysis, out).checkAll();
    }

    /** The checks of one document. */
    private final class Run {
        private final PlaybookDocument document;
        private final String[] lines;
        private final GraphAnalysis analysis;
        private final Diagnostics out;
        private final Set<String> stepNames = new LinkedHashSet<>();
        private final Set<String> loopNames = new HashSet<>();
        private final Map<String, PlaybookDocument.WorkbookTask> workbook = new HashMap<>();
        private final JinjaTranslation jinja;

        Run(PlaybookDocument document, String[] lines, GraphAnalysis analysis, Diagnostics out) {
            this.document = document;
            this.lines = lines;
            this.analysis = analysis;
            this.out = out;
            for (PlaybookDocument.Step step : document.workflow()) {
                if (step.name() != null) {
                    stepNames.add(step.name());
                }
                if (loopVariable(step) != null) {
                    loopNames.add(loopVariable(step));
                }
            }
            document.workbook().forEach(w -> workbook.putIfAbsent(w.name(), w));
            jinja = new JinjaTranslation(stepNames);
        }

        void checkAll() {
            Set<String> seen = new HashSet<>();
            for (PlaybookDocument.Step step : document.workflow()) {
                if (step.name() == null || !seen.add(step.name())) {
                    continue;
                }
                Scope plain = new Scope(step.name(), Set.of(), false, null);
                Set<String> loopVars = loopVariable(step) != null ? Set.of(loopVariable(step), "index") : Set.of();
                Scope task = new Scope(step.name(), loopVars, false, null);
                if ("chunk".equals(step.type()) && step.args() != null) {
                    // A chunk processor is rendered once per item, with the item bound to `item`.
                    Scope perItem = new Scope(step.name(), Set.of("item"), false, null);
                    for (YamlMap.Entry entry : step.args().entries()) {
                        walk(entry.value(), "processor".equals(entry.key()) ? perItem : task);
                    }
                } else {
                    walk(step.args(), task);
                }
                if (step.task() != null) {
                    walk(step.task().args(), task);
                    PlaybookDocument.WorkbookTask called = workbook.get(step.task().workbook());
                    if (called != null) {
                        walk(called.args(), new Scope(step.name(), loopVars, false, called.name()));
                    }
                }
                if (step.callable() != null) {
                    checkCallable(step, loopVars);
                }
                if (step.save() != null) {
                    step.save().entries().stream().filter(e -> !LegacyForms.isLegacySaveKey(e.key()))
                            .forEach(e -> walk(e.value(), task));
                }
                if (step.loop() != null) {
                    walk(step.loop().source().get("over"), plain);
                }
                if (step.next() != null) {
                    Scope after = new Scope(step.name(), Set.of(), true, null);
                    for (PlaybookDocument.Case c : step.next().cases()) {
                        // A v1 entry's condition is translated by its own diagnostic (PB070), not reported twice.
                        if (c.source().get("when") instanceof YamlScalar when && when.value() instanceof String
                                && !LegacyForms.isLegacyNextEntry(c.source())) {
                            checkString(when, after, true);
                        }
                    }
                }
            }
            if (document.output() != null) {
                walk(document.output(), null);
            }
            checkMcp();
        }

        /** The templates of the mcp callable a step names with {@code task: NAME}, in the step's scope. */
        private void checkCallable(PlaybookDocument.Step step, Set<String> loopVars) {
            String name = step.callable();
            PlaybookDocument.WorkbookTask called = workbook.get(name);
            if (called != null) {
                walk(called.args(), new Scope(step.name(), loopVars, false, called.name()));
            }
            McpSection.Resource resource = document.mcp().resources().get(name);
            if (resource != null) {
                walk(resource.args(), new Scope(step.name(), loopVars, false, null,
                        "in resource `" + name + "` read by step `" + step.name() + "`", null));
            }
            McpSection.Turns turns = document.mcp().turns().get(name);
            if (turns != null) {
                Scope scope = new Scope(step.name(), Set.of(), false, null,
                        "in turns `" + name + "` run by step `" + step.name() + "`", null);
                for (String key : List.of("system", "prompt", "messages")) {
                    walk(turns.source().get(key), scope);
                }
            }
        }

        /**
         * The templates of the mcp section itself: connection settings see only the run-wide names;
         * the args of a resource read implicitly (for {@code $resources.NAME}) are rendered by its
         * node {@code resource:NAME}, outside any loop.
         */
        private void checkMcp() {
            McpSection mcp = document.mcp();
            mcp.servers().values().forEach(server -> {
                Scope scope = new Scope(null, Set.of(), false, null, "in `mcp.servers." + server.name() + "`", null);
                for (String key : List.of("url", "headers", "command", "env")) {
                    walk(server.source().get(key), scope);
                }
            });
            mcp.models().values().forEach(model -> {
                Scope scope = new Scope(null, Set.of(), false, null, "in `mcp.models." + model.name() + "`", null);
                for (String key : List.of("url", "model", "api_key")) {
                    walk(model.source().get(key), scope);
                }
            });
            Set<String> implicit = new LinkedHashSet<>();
            for (PlaybookDocument.Step step : document.workflow()) {
                if (step.name() != null) {
                    implicit.addAll(ResourceReferences.readBy(step, workbook, mcp));
                }
            }
            ResourceReferences.in(document.output(), "output").forEach(u -> implicit.add(u.resource()));
            for (String name : implicit) {
                McpSection.Resource resource = mcp.resources().get(name);
                if (resource != null) {
                    walk(resource.args(), new Scope(McpResourceSpec.NODE_PREFIX + name, Set.of(), false, null,
                            "in `mcp.resources." + name + ".args`", name));
                }
            }
        }

        private void walk(YamlNode node, Scope scope) {
            if (node instanceof YamlScalar scalar && scalar.value() instanceof String) {
                checkString(scalar, scope, false);
            } else if (node instanceof YamlMap map) {
                for (YamlMap.Entry entry : map.entries()) {
                    walk(entry.value(), scope);
                }
            } else if (node instanceof YamlList list) {
                for (YamlNode item : list.items()) {
                    walk(item, scope);
                }
            }
        }

        private void checkString(YamlScalar scalar, Scope scope, boolean condition) {
            String text = (String) scalar.value();
            int jinja = text.indexOf("{{");
            if (jinja >= 0 && text.indexOf("}}", jinja) > jinja) {
                JinjaTranslation.Result velocity = condition ? this.jinja.condition(text) : this.jinja.template(text);
                out.error(DiagnosticCode.LEGACY_JINJA, at(scalar, 1, columnOf(text, jinja), 0),
                        "`" + snippet(text, jinja) + "` is a Jinja expression; templates are Velocity",
                        velocity.describe());
                return;
            }
            if (text.indexOf('$') < 0 && text.indexOf('#') < 0) {
                return;
            }
            String source = condition ? CONDITION_PREFIX + text + ")#end" : text;
            int prefix = condition ? CONDITION_PREFIX.length() : 0;
            Optional<TemplateViolation> tooDeep = templates.nestingViolation(source);
            if (tooDeep.isPresent()) {
                report(tooDeep.get(), scalar, prefix);
                return;
            }
            Node root;
            try {
                root = templates.parse("playbook template", source);
            } catch (ParseException e) {
                int[] where = errorPosition(e);
                DiagnosticCode code = condition ? DiagnosticCode.CONDITION_SYNTAX : DiagnosticCode.TEMPLATE_SYNTAX;
                out.error(code, at(scalar, where[0], where[1], prefix),
                        (condition ? "`when` condition" : "template") + " does not parse: " + firstLine(e));
                return;
            } catch (RuntimeException e) {
                DiagnosticCode code = condition ? DiagnosticCode.CONDITION_SYNTAX : DiagnosticCode.TEMPLATE_SYNTAX;
                out.error(code, scalar.position(), (condition ? "`when` condition" : "template")
                        + " does not parse: " + firstLine(e));
                return;
            }
            List<TemplateViolation> refused = templates.violations(root);
            refused.forEach(violation -> report(violation, scalar, prefix));
            if (!refused.isEmpty()) {
                return;
            }
            Set<String> locals = new HashSet<>();
            collectLocals(root, locals);
            checkReferences(root, scalar, scope, locals, prefix);
        }

        private void report(TemplateViolation violation, YamlScalar scalar, int prefix) {
            DiagnosticCode code = switch (violation.kind()) {
                case METHOD -> DiagnosticCode.TEMPLATE_METHOD_NOT_ALLOWED;
                case DIRECTIVE -> DiagnosticCode.TEMPLATE_DIRECTIVE_NOT_ALLOWED;
                case DEPTH -> DiagnosticCode.TEMPLATE_TOO_DEEP;
            };
            out.error(code, at(scalar, violation.line(), violation.column(), prefix), violation.message(),
                    violation.hint());
        }

        private void checkReferences(Node node, YamlScalar scalar, Scope scope, Set<String> locals, int prefix) {
            if (node instanceof ASTReference reference) {
                checkReference(reference, scalar, scope, locals, prefix);
            }
            for (int i = 0; i < node.jjtGetNumChildren(); i++) {
                checkReferences(node.jjtGetChild(i), scalar, scope, locals, prefix);
            }
        }

        private void checkReference(ASTReference reference, YamlScalar scalar, Scope scope, Set<String> locals,
                int prefix) {
            String literal = reference.literal();
            if (literal == null || literal.startsWith("\\")) {
                return;
            }
            List<String> segments = segments(literal);
            if (segments.isEmpty()) {
                return;
            }
            String root = segments.get(0);
            // The node's own line/column are only set by init(); the token's are set by the parser.
            Token first = reference.getFirstToken();
            SourcePosition position = first == null ? scalar.position()
                    : at(scalar, first.beginLine, first.beginColumn, prefix);
            String where = scope == null ? "in `output`" : scope.where() != null ? scope.where()
                    : scope.workbookTask() != null
                    ? "in workbook task `" + scope.workbookTask() + "` called by step `" + scope.step() + "`"
                    : "in step `" + scope.step() + "`";
            if (locals.contains(root) || GLOBAL_NAMES.contains(root)) {
                if (root.equals("steps") && !locals.contains(root)) {
                    checkStepsReference(segments, position, scope, where);
                } else if (root.equals("fn") && !locals.contains(root)) {
                    checkHelperReference(reference, position);
                } else if (root.equals("vars") && !locals.contains(root)) {
                    checkVarsReference(segments, position, where);
                }
                return;
            }
            if (scope != null && scope.loopVariables().contains(root)) {
                return;
            }
            if (scope != null && scope.implicitResource() != null && (root.equals("index") || loopNames.contains(root))) {
                out.error(DiagnosticCode.MCP_LOOP_VARIABLE_IN_IMPLICIT_READ, position, "mcp.resources."
                        + scope.implicitResource() + ".args: '$" + root + "' is only defined inside a loop step",
                        scope.implicitResource());
                return;
            }
            if (root.equals("index") || loopNames.contains(root)) {
                out.error(DiagnosticCode.LOOP_VARIABLE_OUTSIDE_LOOP, position,
                        "`$" + root + "` is used " + where + ", outside the loop that defines it", root);
                return;
            }
            List<String> known = new ArrayList<>(GLOBAL_NAMES);
            if (scope != null) {
                known.addAll(scope.loopVariables());
            }
            known.sort(null);
            String list = String.join(", ", known.stream().map(k -> "`$" + k + "`").toList());
            out.error(DiagnosticCode.UNDEFINED_VARIABLE, position, "`$" + root + "` is not defined " + where,
                    Suggestions.closest(root, known).map(k -> "did you mean `$" + k + "`? ").orElse("")
                            + "templates can use " + list);
        }

        /** {@code $fn} only holds helpers to call; the inspector has checked the calls themselves. */
        private void checkHelperReference(ASTReference reference, SourcePosition position) {
            if (reference.jjtGetNumChildren() > 0 && reference.jjtGetChild(0) instanceof ASTMethod) {
                return;
            }
            String literal = reference.literal();
            out.error(DiagnosticCode.TEMPLATE_METHOD_NOT_ALLOWED, position,
                    "`" + literal + "` is not a helper call: `$fn` holds helpers to call", TemplateHelper.hint());
        }

        private void checkVarsReference(List<String> segments, SourcePosition position, String where) {
            if (vars == null || segments.size() < 2 || vars.contains(segments.get(1))) {
                return;
            }
            String name = segments.get(1);
            String configured = vars.isEmpty() ? "no var is configured"
                    : "the configured vars are " + String.join(", ", vars.stream().sorted().map(v -> "`" + v + "`")
                            .toList());
            out.error(DiagnosticCode.UNDEFINED_VARIABLE, position, "`$vars." + name + "` " + where
                    + " names no configured var",
                    Suggestions.closest(name, vars).map(v -> "did you mean `$vars." + v + "`? ").orElse("")
                            + "set the property `playbatch.vars." + name + "` on the server, or fix the name ("
                            + configured + "; docs/dsl.md#template-helpers)");
        }

        private void checkStepsReference(List<String> segments, SourcePosition position, Scope scope, String where) {
            if (segments.size() < 2) {
                return;
            }
            String step = segments.get(1);
            if (!stepNames.contains(step)) {
                out.error(DiagnosticCode.UNKNOWN_STEP_IN_TEMPLATE, position,
                        "`$steps." + step + "` " + where + " names no step of the workflow",
                        Suggestions.didYouMean(step, stepNames, "the steps are " + String.join(", ",
                                stepNames.stream().map(s -> "`" + s + "`").toList())));
                return;
            }
            if (scope == null || scope.step() == null || analysis == null) {
                return;
            }
            boolean ok = analysis.finishedBefore(step, scope.step()) || (scope.afterStep() && step.equals(scope.step()));
            if (!ok) {
                out.error(DiagnosticCode.STEP_NOT_FINISHED, position,
                        "`$steps." + step + "` " + where + " may be read before `" + step + "` has finished",
                        "`" + step + "` must run before `" + scope.step() + "` on every path: make `"
                                + scope.step() + "` come after it, or read it in a later step");
            }
        }

        private SourcePosition at(YamlScalar scalar, int line, int column, int prefix) {
            SourcePosition start = scalar.position();
            String first = start.line() - 1 < lines.length ? lines[start.line() - 1] : "";
            char opener = start.column() - 1 < first.length() ? first.charAt(start.column() - 1) : ' ';
            if (opener == '|' || opener == '>') {
                int sourceLine = start.line() + line;
                return new SourcePosition(start.file(), sourceLine, indent(sourceLine) + column);
            }
            if (line <= 1) {
                return new SourcePosition(start.file(), start.line(),
                        start.column() + (scalar.quoted() ? 1 : 0) + column - 1 - prefix);
            }
            int sourceLine = start.line() + line - 1;
            return new SourcePosition(start.file(), sourceLine, indent(sourceLine) + column);
        }

        private int indent(int sourceLine) {
            if (sourceLine - 1 >= lines.length) {
                return 0;
            }
            String text = lines[sourceLine - 1];
            int i = 0;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            return i;
        }
    }

    /** The name a loop step binds each element to: {@code as}, or the v1 name PB074 reports. */
    private static String loopVariable(PlaybookDocument.Step step) {
        if (step.loop() == null) {
            return null;
        }
        return step.loop().as() != null ? step.loop().as() : LegacyForms.loopVariable(step.loop().source());
    }

    /** Where a template is checked: the step, loop names in scope, and whether it runs after the step. */
    private record Scope(String step, Set<String> loopVariables, boolean afterStep, String workbookTask,
            String where, String implicitResource) {

        Scope(String step, Set<String> loopVariables, boolean afterStep, String workbookTask) {
            this(step, loopVariables, afterStep, workbookTask, null, null);
        }
    }

    private static void collectLocals(Node node, Set<String> locals) {
        if (node instanceof ASTSetDirective && node.jjtGetNumChildren() > 0
                && node.jjtGetChild(0) instanceof ASTReference left) {
            rootOf(left).ifPresent(locals::add);
        }
        if (node instanceof ASTDirective directive) {
            String name = directive.getDirectiveName();
            if ("foreach".equals(name)) {
                locals.add("foreach");
                locals.add("velocityCount");
                if (node.jjtGetNumChildren() > 0 && node.jjtGetChild(0) instanceof ASTReference variable) {
                    rootOf(variable).ifPresent(locals::add);
                }
            } else if ("macro".equals(name)) {
                for (int i = 1; i < node.jjtGetNumChildren(); i++) {
                    if (node.jjtGetChild(i) instanceof ASTReference argument) {
                        rootOf(argument).ifPresent(locals::add);
                    }
                }
            }
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            collectLocals(node.jjtGetChild(i), locals);
        }
    }

    private static Optional<String> rootOf(ASTReference reference) {
        List<String> segments = segments(reference.literal() == null ? "" : reference.literal());
        return segments.isEmpty() ? Optional.empty() : Optional.of(segments.get(0));
    }

    /** {@code ${a.b.c()}} to [a, b, c]: the identifiers of a reference, up to the first non-identifier. */
    static List<String> segments(String literal) {
        List<String> segments = new ArrayList<>();
        int i = 0;
        if (i < literal.length() && literal.charAt(i) == '$') {
            i++;
        }
        if (i < literal.length() && literal.charAt(i) == '!') {
            i++;
        }
        if (i < literal.length() && literal.charAt(i) == '{') {
            i++;
        }
        while (i < literal.length()) {
            int start = i;
            while (i < literal.length() && (Character.isLetterOrDigit(literal.charAt(i))
                    || literal.charAt(i) == '_' || literal.charAt(i) == '-')) {
                i++;
            }
            if (i == start) {
                break;
            }
            segments.add(literal.substring(start, i));
            if (i < literal.length() && literal.charAt(i) == '.') {
                i++;
            } else {
                break;
            }
        }
        return segments;
    }

    private static int[] errorPosition(ParseException e) {
        Token token = e.currentToken;
        if (token != null && token.next != null && token.next.beginLine > 0) {
            return new int[] {token.next.beginLine, token.next.beginColumn};
        }
        Matcher m = LINE_COLUMN.matcher(String.valueOf(e.getMessage()));
        if (m.find()) {
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }
        return new int[] {1, 1};
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage()).strip();
        String line = message.lines().findFirst().orElse(message);
        int at = line.indexOf(" at playbook template");
        // A lexical error arrives wrapped, "org.apache...TokenMgrError: ...": the author needs the text, not the class.
        return JAVA_CLASS_PREFIX.matcher(at > 0 ? line.substring(0, at) : line).replaceAll("");
    }

    private static int columnOf(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        return offset - lineStart + 1;
    }

    private static String snippet(String text, int start) {
        int end = text.indexOf("}}", start);
        return text.substring(start, Math.min(text.length(), end + 2));
    }
}
