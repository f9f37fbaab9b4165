package io.playbatch.compiler.validate;

import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.diag.SourcePosition;
import io.playbatch.compiler.dsl.DurationSyntax;
import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.dsl.ResourceReferences;
import io.playbatch.compiler.dsl.mcp.McpSection;
import io.playbatch.compiler.ir.GraphBuilder;
import io.playbatch.compiler.yaml.YamlList;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the {@code mcp} section (docs/mcp.md#validation-compiler-no-network, docs/mcp.md), checked without any network
 * access after the schema check: servers, tools, resources, models, turns, the one namespace of
 * callables, tool arguments against pinned input schemas (JSON Schema 2020-12), resource
 * references, and unused declarations (MCP060, a warning). Messages have the fixed form of the
 * design; the fix goes in the hint. Templated values are left to the template checker; literal
 * values are checked fully. Thread-safe.
 */
public final class McpRules {

    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$!?(\\{secrets\\.[A-Za-z0-9_-]+}|secrets\\.[A-Za-z0-9_-]+)");
    private static final Pattern TEMPLATE_EXPRESSION = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("[A-Za-z0-9_]+");
    private static final String PROVIDER = "openai_chat";
    private static final Pattern CALLABLE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** The operator's stdio allowlist (MCP004), a value so that validation needs nothing from the compiler above it. */
    private final Set<String> allowedStdioCommands;
    /** Created on first use: loading the validator and the meta-schema takes about a second, cold. */
    private JsonSchemaCheck schemas;

    public McpRules(Set<String> allowedStdioCommands) {
        this.allowedStdioCommands = Set.copyOf(allowedStdioCommands);
    }

    public void validate(PlaybookDocument document, Diagnostics out) {
        new Run(document, out).check();
    }

    private synchronized JsonSchemaCheck schemas() {
        if (schemas == null) {
            schemas = new JsonSchemaCheck();
        }
        return schemas;
    }

    /** Whether a string is a template: then only its syntax is checked (by the template checker). */
    static boolean templated(String text) {
        return text.indexOf('$') >= 0 || text.indexOf('#') >= 0;
    }

    /** The checks of one document. */
    private final class Run {
        private final PlaybookDocument document;
        private final McpSection mcp;
        private final Diagnostics out;
        private final Map<String, PlaybookDocument.WorkbookTask> workbook = new LinkedHashMap<>();
        /** Kinds with a dangling reference: "unused" there is likely the same typo, so MCP060 stays quiet. */
        private final Set<String> dangling = new LinkedHashSet<>();

        Run(PlaybookDocument document, Diagnostics out) {
            this.document = document;
            this.mcp = document.mcp();
            this.out = out;
            document.workbook().forEach(w -> {
                if (w.name() != null) {
                    workbook.putIfAbsent(w.name(), w);
                }
            });
        }

        void check() {
            mcp.servers().values().forEach(this::server);
            mcp.tools().values().forEach(this::tool);
            mcp.resources().values().forEach(this::resource);
            mcp.models().values().forEach(this::model);
            mcp.turns().values().forEach(this::turns);
            namespace();
            for (PlaybookDocument.Step step : document.workflow()) {
                if (step.name() != null) {
                    step(step);
                }
            }
            resourceReferences();
            unused();
        }

        // --- servers

        private void server(McpSection.Server server) {
            YamlMap s = server.source();
            String where = "mcp.servers." + server.name();
            if (s.has("url") == s.has("command")) {
                out.error(DiagnosticCode.MCP_SERVER_TRANSPORT, keyPosition("servers", server.name()),
                        where + ": exactly one of 'url' or 'command' is required");
            }
            if (server.url() != null && !templated(server.url()) && !httpUrl(server.url())) {
                out.error(DiagnosticCode.MCP_BAD_URL, s.valuePosition("url"),
                        where + ".url: '" + server.url() + "' is not an http(s) URL");
            }
            if (server.command() != null && !server.command().items().isEmpty()
                    && server.command().items().get(0) instanceof YamlScalar first) {
                String argv0 = first.text();
                if (templated(argv0) || !allowedStdioCommands.contains(argv0)) {
                    out.error(DiagnosticCode.MCP_STDIO_NOT_ALLOWED, first.position(),
                            where + ".command: '" + argv0 + "' is not in playbatch.mcp.stdio.allowed-commands");
                }
            }
            if (server.headers() != null) {
                for (YamlMap.Entry header : server.headers().entries()) {
                    if (credentialLike(header.key()) && header.value() instanceof YamlScalar value
                            && (value.value() == null || !SECRET_REFERENCE.matcher(value.text()).find())) {
                        out.error(DiagnosticCode.MCP_LITERAL_CREDENTIAL, value.position(),
                                where + ".headers." + header.key() + ": credentials must come from $secrets");
                    }
                }
            }
        }

        private boolean credentialLike(String header) {
            String name = header.toLowerCase(Locale.ROOT);
            return name.equals("authorization") || name.contains("token") || name.contains("key");
        }

        private boolean httpUrl(String text) {
            try {
                URI uri = new URI(text);
                return uri.getScheme() != null && (uri.getScheme().equalsIgnoreCase("http")
                        || uri.getScheme().equalsIgnoreCase("https")) && uri.getHost() != null;
            } catch (URISyntaxException e) {
                return false;
            }
        }

        private void serverReference(String kind, String name, YamlMap source, String server) {
            if (server != null && !mcp.servers().containsKey(server)) {
                dangling.add("servers");
                Set<String> declared = mcp.servers().keySet();
                out.error(DiagnosticCode.MCP_UNKNOWN_SERVER, source.valuePosition("server"),
                        "mcp." + kind + "." + name + ".server: unknown server '" + server + "'; declared: "
                                + list(declared),
                        Suggestions.didYouMean(server, declared, "declare it under `mcp.servers` with a `url` or a `command`"));
            }
        }

        // --- tools

        private void tool(McpSection.Tool tool) {
            String where = "mcp.tools." + tool.name();
            serverReference("tools", tool.name(), tool.source(), tool.server());
            if (tool.tool() != null && !TOOL_NAME.matcher(tool.tool()).matches()) {
                out.error(DiagnosticCode.MCP_TOOL_NAME, tool.source().valuePosition("tool"), where + ".tool: '"
                        + tool.tool() + "' is not a valid MCP tool name (1-128 of A-Z a-z 0-9 _ - .)");
            }
            schema(where + ".input_schema", tool.inputSchema());
            schema(where + ".output_schema", tool.outputSchema());
            if (tool.maxAttempts() != null && tool.maxAttempts() > 1 && !repeatable(tool)) {
                unsafeRetry(where + ".retry.max_attempts", tool.maxAttempts(), tool.retry().valuePosition("max_attempts"));
            }
        }

        private boolean repeatable(McpSection.Tool tool) {
            return Boolean.TRUE.equals(tool.readOnly()) || Boolean.TRUE.equals(tool.idempotent());
        }

        private void unsafeRetry(String where, int attempts, SourcePosition at) {
            out.error(DiagnosticCode.MCP_UNSAFE_RETRY, at, where + ": " + attempts + " retries a tool that is neither"
                    + " read_only nor idempotent; a retry could repeat its side effect");
        }

        private void schema(String where, YamlMap schema) {
            if (schema == null) {
                return;
            }
            schemas().schemaProblem(schema.toPlain()).ifPresent(problem -> out.error(DiagnosticCode.MCP_BAD_SCHEMA,
                    locate(schema, problem.path()), where + ": not valid JSON Schema 2020-12 at " + problem.pointer()
                            + ": " + problem.message()));
        }

        // --- resources

        private void resource(McpSection.Resource resource) {
            YamlMap r = resource.source();
            String where = "mcp.resources." + resource.name();
            serverReference("resources", resource.name(), r, resource.server());
            if (r.has("uri") == r.has("uri_template")) {
                out.error(DiagnosticCode.MCP_RESOURCE_URI, keyPosition("resources", resource.name()),
                        where + ": exactly one of 'uri' or 'uri_template' is required");
                return;
            }
            if (resource.uri() != null && !templated(resource.uri()) && !absoluteUri(resource.uri())) {
                out.error(DiagnosticCode.MCP_BAD_URI, r.valuePosition("uri"),
                        where + ".uri: '" + resource.uri() + "' is not an absolute URI (RFC 3986)");
            }
            String template = resource.uri() != null ? resource.uri() : resource.uriTemplate();
            if (template == null) {
                return;
            }
            Set<String> variables = new LinkedHashSet<>();
            if (resource.uriTemplate() != null && !templateVariables(resource.uriTemplate(), variables)) {
                out.error(DiagnosticCode.MCP_TEMPLATE_VARS, r.valuePosition("uri_template"),
                        where + ".uri_template: only {name} expressions are supported",
                        "write each variable as `{name}` (letters, digits, `_`): RFC 6570 level 1, no operators or lists");
                return;
            }
            if (resource.args() != null) {
                for (YamlMap.Entry arg : resource.args().entries()) {
                    if (!variables.contains(arg.key())) {
                        out.error(DiagnosticCode.MCP_TEMPLATE_VARS, arg.keyPosition(), where + ".args: '" + arg.key()
                                + "' is not a variable of '" + template + "'",
                                variables.isEmpty() ? "remove it: the URI has no variables"
                                        : "remove it; the variables are " + list(variables));
                    }
                }
            }
            Set<String> supplied = suppliedByCallers(resource.name());
            for (String variable : variables) {
                boolean given = resource.args() != null && resource.args().has(variable);
                if (!given && !supplied.contains(variable)) {
                    out.error(DiagnosticCode.MCP_TEMPLATE_VARS, resource.args() != null ? r.keyPosition("args")
                                    : r.valuePosition("uri_template"),
                            where + ".args: template variable '" + variable + "' has no value",
                            "add `" + variable + ": <value or template>` to `args`");
                }
            }
        }

        /** Variables every step calling the resource with {@code task:} gives in its own args (none if unused so). */
        private Set<String> suppliedByCallers(String resource) {
            Set<String> common = null;
            for (PlaybookDocument.Step step : document.workflow()) {
                if (resource.equals(step.callable())) {
                    Set<String> keys = new LinkedHashSet<>();
                    if (step.args() != null) {
                        step.args().entries().forEach(e -> keys.add(e.key()));
                    }
                    if (common == null) {
                        common = keys;
                    } else {
                        common.retainAll(keys);
                    }
                }
            }
            boolean readImplicitly = implicitReads().contains(resource);
            return common == null || readImplicitly ? Set.of() : common;
        }

        private boolean templateVariables(String template, Set<String> variables) {
            int open = 0;
            for (char c : template.toCharArray()) {
                open += c == '{' ? 1 : c == '}' ? -1 : 0;
                if (open < 0 || open > 1) {
                    return false;
                }
            }
            if (open != 0) {
                return false;
            }
            Matcher m = TEMPLATE_EXPRESSION.matcher(template);
            while (m.find()) {
                if (!TEMPLATE_VARIABLE.matcher(m.group(1)).matches()) {
                    return false;
                }
                variables.add(m.group(1));
            }
            return true;
        }

        private boolean absoluteUri(String text) {
            try {
                URI uri = new URI(text);
                return uri.isAbsolute();
            } catch (URISyntaxException e) {
                return false;
            }
        }

        // --- models

        private void model(McpSection.Model model) {
            YamlMap m = model.source();
            String where = "mcp.models." + model.name();
            if (model.provider() != null && !PROVIDER.equals(model.provider())) {
                out.error(DiagnosticCode.MCP_PROVIDER, m.valuePosition("provider"), where + ".provider: '"
                        + model.provider() + "' is not supported; supported: [" + PROVIDER + "]");
            }
            if (model.temperature() != null && (model.temperature().doubleValue() < 0
                    || model.temperature().doubleValue() > 2)) {
                out.error(DiagnosticCode.MCP_MODEL_RANGE, m.valuePosition("temperature"),
                        where + ".temperature: must be between 0 and 2",
                        "use a temperature from 0 (the most deterministic, the default) to 2");
            }
            if (model.maxTokens() != null && model.maxTokens() <= 0) {
                out.error(DiagnosticCode.MCP_MODEL_RANGE, m.valuePosition("max_tokens"),
                        where + ".max_tokens: must be greater than 0", "use a positive number of tokens (default 1024)");
            }
            Optional<Duration> timeout = DurationSyntax.parse(model.timeout());
            if (timeout.isPresent() && timeout.get().isZero()) {
                out.error(DiagnosticCode.MCP_MODEL_RANGE, m.valuePosition("timeout"),
                        where + ".timeout: must be greater than 0", "use a positive duration (default 120s)");
            }
            if (model.apiKey() != null && !SECRET_REFERENCE.matcher(model.apiKey()).matches()) {
                out.error(DiagnosticCode.MCP_LITERAL_API_KEY, m.valuePosition("api_key"),
                        where + ".api_key: must be a $secrets reference, not a literal");
            }
        }

        // --- turns

        private void turns(McpSection.Turns turns) {
            YamlMap t = turns.source();
            String where = "mcp.turns." + turns.name();
            if (turns.model() != null && !mcp.models().containsKey(turns.model())) {
                unknownReference(where + ".model", turns.model(), "models", mcp.models().keySet(),
                        t.valuePosition("model"));
            }
            List<String> offered = new ArrayList<>();
            if (turns.tools() != null) {
                for (int i = 0; i < turns.tools().items().size(); i++) {
                    if (!(turns.tools().items().get(i) instanceof YamlScalar item) || !item.isString()) {
                        continue;
                    }
                    String name = (String) item.value();
                    McpSection.Tool tool = mcp.tools().get(name);
                    if (tool == null) {
                        unknownReference(where + ".tools[" + i + "]", name, "tools", mcp.tools().keySet(),
                                item.position());
                        continue;
                    }
                    offered.add(name);
                    if (!Boolean.TRUE.equals(tool.readOnly()) && !Boolean.TRUE.equals(turns.allowSideEffects())) {
                        out.error(DiagnosticCode.MCP_SIDE_EFFECTS, item.position(), where + ".tools[" + i + "]: '"
                                + name + "' is not read_only; a model may call it up to max_tool_calls times");
                    }
                }
            }
            if (turns.context() != null) {
                for (int i = 0; i < turns.context().items().size(); i++) {
                    if (turns.context().items().get(i) instanceof YamlScalar item && item.isString()
                            && !mcp.resources().containsKey((String) item.value())) {
                        unknownReference(where + ".context[" + i + "]", (String) item.value(), "resources",
                                mcp.resources().keySet(), item.position());
                    }
                }
            }
            Integer maxTurns = whole(turns.maxTurns());
            if (maxTurns == null || maxTurns < 1 || maxTurns > 50) {
                out.error(DiagnosticCode.MCP_LOOP_BOUND, turns.maxTurns() == null ? keyPosition("turns", turns.name())
                        : turns.maxTurns().position(), where + ".max_turns: required, between 1 and 50");
            }
            Integer maxToolCalls = whole(turns.maxToolCalls());
            if (turns.maxToolCalls() != null && (maxToolCalls == null || maxToolCalls < 1 || maxToolCalls > 200)) {
                out.error(DiagnosticCode.MCP_LOOP_BOUND, turns.maxToolCalls().position(),
                        where + ".max_tool_calls: between 1 and 200");
            }
            if ("required".equals(turns.toolChoice()) && offered.isEmpty()
                    && (turns.tools() == null || turns.tools().items().isEmpty())) {
                out.error(DiagnosticCode.MCP_TOOL_CHOICE, t.valuePosition("tool_choice"),
                        where + ".tool_choice: 'required' needs at least one tool");
            }
            schema(where + ".stop.output_schema", turns.stopOutputSchema());
        }

        private void unknownReference(String where, String name, String kind, Collection<String> declared,
                SourcePosition at) {
            dangling.add(kind);
            out.error(DiagnosticCode.MCP_UNKNOWN_REFERENCE, at, where + ": '" + name + "' is not declared in mcp." + kind,
                    Suggestions.didYouMean(name, declared, declared.isEmpty() ? "declare it under `mcp." + kind + "`"
                            : "declared: " + list(declared)));
        }

        private Integer whole(YamlNode node) {
            return node instanceof YamlScalar s && (s.value() instanceof Integer || s.value() instanceof Long)
                    ? ((Number) s.value()).intValue() : null;
        }

        // --- the namespace of callables

        private void namespace() {
            for (String kind : List.of("tools", "resources", "turns")) {
                YamlMap map = mcp.source() == null ? null : mcp.source().map(kind);
                if (map != null) {
                    for (YamlMap.Entry entry : map.entries()) {
                        if (!CALLABLE_NAME.matcher(entry.key()).matches()) {
                            // Steps call these with `task: NAME` and templates read `$resources.NAME`.
                            out.error(DiagnosticCode.INVALID_NAME, entry.keyPosition(), "`" + entry.key()
                                    + "` is not a valid name (`mcp." + kind + "`)", "use lower-case letters, digits"
                                    + " and `_`, starting with a letter, for example `lookup_customer`; the remote"
                                    + " tool's own name goes in `tool:`");
                        }
                    }
                }
            }
            Map<String, List<Declaration>> byName = new LinkedHashMap<>();
            for (PlaybookDocument.WorkbookTask task : workbook.values()) {
                byName.computeIfAbsent(task.name(), n -> new ArrayList<>())
                        .add(new Declaration("workbook", task.source().valuePosition("name")));
            }
            for (String kind : List.of("tools", "resources", "turns")) {
                YamlMap map = mcp.source() == null ? null : mcp.source().map(kind);
                if (map != null) {
                    for (YamlMap.Entry entry : map.entries()) {
                        byName.computeIfAbsent(entry.key(), n -> new ArrayList<>())
                                .add(new Declaration("mcp." + kind, entry.keyPosition()));
                    }
                }
            }
            byName.forEach((name, declarations) -> {
                List<Declaration> sorted = new ArrayList<>(declarations);
                sorted.sort((a, b) -> a.position().line() != b.position().line()
                        ? Integer.compare(a.position().line(), b.position().line())
                        : Integer.compare(a.position().column(), b.position().column()));
                for (int i = 1; i < sorted.size(); i++) {
                    out.error(DiagnosticCode.MCP_NAME_CLASH, sorted.get(i).position(), "'" + name
                            + "' is declared in both " + sorted.get(0).kind() + " and " + sorted.get(i).kind()
                            + "; tools, resources, turns and workbook tasks share one namespace");
                }
            });
        }

        private record Declaration(String kind, SourcePosition position) {
        }

        // --- steps

        private void step(PlaybookDocument.Step step) {
            String name = step.callable();
            if (name == null) {
                return;
            }
            String where = "workflow." + step.name();
            YamlMap s = step.source();
            McpSection.Tool tool = mcp.tools().get(name);
            McpSection.Turns turns = mcp.turns().get(name);
            if (tool == null && turns == null && !mcp.resources().containsKey(name) && !workbook.containsKey(name)) {
                dangling.addAll(List.of("tools", "resources", "turns"));
                Set<String> callables = new TreeSet<>(workbook.keySet());
                callables.addAll(mcp.tools().keySet());
                callables.addAll(mcp.resources().keySet());
                callables.addAll(mcp.turns().keySet());
                out.error(DiagnosticCode.MCP_UNKNOWN_CALLABLE, s.valuePosition("task"), where + ".task: '" + name
                        + "' is not a workbook task, mcp tool, mcp resource or mcp turns entry",
                        Suggestions.didYouMean(name, callables, callables.isEmpty()
                                ? "declare it under `mcp.tools`, `mcp.resources`, `mcp.turns` or `workbook`"
                                : "the callables are " + list(callables)));
                return;
            }
            if (turns != null) {
                if (step.loop() != null) {
                    out.error(DiagnosticCode.CONFLICTING_TASK, s.keyPosition("loop"), "step `" + step.name()
                            + "` runs the agent loop `" + name + "`, which cannot be a loop step",
                            "an agent loop runs its turns in order: remove `loop`, or loop over a tool or resource");
                }
                if (step.args() != null) {
                    out.error(DiagnosticCode.CONFLICTING_TASK, s.keyPosition("args"), "step `" + step.name()
                            + "` passes `args` to the agent loop `" + name + "`",
                            "a turns entry takes no args: write its input into `prompt` with templates");
                }
            }
            if (tool != null) {
                if (step.retry() != null && step.retry().maxAttempts() != null && step.retry().maxAttempts() > 1
                        && !repeatable(tool)) {
                    unsafeRetry(where + ".retry.max_attempts", step.retry().maxAttempts(),
                            step.retry().source().valuePosition("max_attempts"));
                }
                if (tool.inputSchema() != null) {
                    toolArguments(step, tool, where);
                }
            }
        }

        private void toolArguments(PlaybookDocument.Step step, McpSection.Tool tool, String where) {
            YamlMap schema = tool.inputSchema();
            if (schemas().schemaProblem(schema.toPlain()).isPresent()) {
                return; // MCP012 already says the schema is broken; its checks would be guesswork
            }
            YamlMap args = step.args();
            YamlMap properties = schema.map("properties");
            Set<String> accepted = new LinkedHashSet<>();
            if (properties != null) {
                properties.entries().forEach(e -> accepted.add(e.key()));
            }
            boolean closed = schema.get("additionalProperties") instanceof YamlScalar a && Boolean.FALSE.equals(a.value());
            Map<String, Object> literal = new LinkedHashMap<>();
            if (args != null) {
                for (YamlMap.Entry arg : args.entries()) {
                    if (closed && !accepted.contains(arg.key())) {
                        out.error(DiagnosticCode.MCP_UNKNOWN_ARG, arg.keyPosition(), where + ".args." + arg.key()
                                + ": tool '" + tool.name() + "' does not accept '" + arg.key() + "'; accepted: "
                                + list(accepted), Suggestions.didYouMean(arg.key(), accepted,
                                        "remove it, or add it to the tool's input_schema if the server accepts it"));
                    } else if (isLiteral(arg.value())) {
                        literal.put(arg.key(), arg.value().toPlain());
                    }
                }
            }
            if (schema.list("required") != null) {
                for (YamlNode item : schema.list("required").items()) {
                    if (item instanceof YamlScalar r && r.isString() && (args == null || !args.has((String) r.value()))) {
                        out.error(DiagnosticCode.MCP_MISSING_ARG, args == null ? GraphBuilder.namePosition(step)
                                : step.source().keyPosition("args"), where + ".args: tool '" + tool.name()
                                + "' requires '" + r.value() + "'", r.value());
                    }
                }
            }
            // Required and closed-ness are reported above; the validator checks the literal values' shapes.
            @SuppressWarnings("unchecked")
            Map<String, Object> open = new LinkedHashMap<>((Map<String, Object>) schema.toPlain());
            open.remove("required");
            open.remove("additionalProperties");
            for (JsonSchemaCheck.Problem problem : schemas().validate(open, literal)) {
                if (problem.path().isEmpty()) {
                    continue;
                }
                String arg = problem.path().get(0);
                out.error(DiagnosticCode.MCP_ARG_TYPE, locate(args.get(arg), problem.path().subList(1,
                        problem.path().size())), where + ".args." + arg + ": " + problem.message()
                        + " (schema of tool '" + tool.name() + "')");
            }
        }

        private boolean isLiteral(YamlNode node) {
            if (node instanceof YamlScalar s) {
                return !(s.value() instanceof String text) || !templated(text);
            }
            if (node instanceof YamlMap map) {
                return map.entries().stream().allMatch(e -> isLiteral(e.value()));
            }
            return node instanceof YamlList list && list.items().stream().allMatch(this::isLiteral);
        }

        // --- $resources references

        private void resourceReferences() {
            for (PlaybookDocument.Step step : document.workflow()) {
                if (step.name() != null) {
                    undeclared(ResourceReferences.inStep(step), "workflow." + step.name() + ".");
                }
            }
            for (PlaybookDocument.WorkbookTask task : workbook.values()) {
                undeclared(ResourceReferences.in(task.args(), "args"), "workbook." + task.name() + ".");
            }
            for (McpSection.Turns turns : mcp.turns().values()) {
                undeclared(ResourceReferences.inTurns(turns), "mcp.turns." + turns.name() + ".");
            }
            undeclared(ResourceReferences.in(document.output(), "output"), "");
        }

        private void undeclared(List<ResourceReferences.Use> uses, String prefix) {
            for (ResourceReferences.Use use : uses) {
                if (!mcp.resources().containsKey(use.resource())) {
                    dangling.add("resources");
                    Set<String> declared = mcp.resources().keySet();
                    out.error(DiagnosticCode.MCP_UNDECLARED_RESOURCE, at(use), prefix + use.field() + ": $resources."
                            + use.resource() + " is not declared in mcp.resources",
                            Suggestions.didYouMean(use.resource(), declared, declared.isEmpty()
                                    ? "declare it under `mcp.resources` with a `server` and a `uri`"
                                    : "the resources are " + list(declared)));
                }
            }
        }

        /** The reference's own position when the string is on one line, else the string's. */
        private SourcePosition at(ResourceReferences.Use use) {
            YamlScalar scalar = use.scalar();
            String text = (String) scalar.value();
            if (text.indexOf('\n') >= 0) {
                return scalar.position();
            }
            SourcePosition start = scalar.position();
            return new SourcePosition(start.file(), start.line(),
                    start.column() + (scalar.quoted() ? 1 : 0) + use.offset());
        }

        /** Resources read through {@code $resources.NAME} or a turns {@code context}: the implicit reads. */
        private Set<String> implicitReads() {
            Set<String> names = new LinkedHashSet<>();
            for (PlaybookDocument.Step step : document.workflow()) {
                if (step.name() != null) {
                    names.addAll(ResourceReferences.readBy(step, workbook, mcp));
                }
            }
            ResourceReferences.in(document.output(), "output").forEach(u -> names.add(u.resource()));
            return names;
        }

        // --- MCP060

        private void unused() {
            Set<String> usedServers = new LinkedHashSet<>();
            mcp.tools().values().forEach(t -> usedServers.add(t.server()));
            mcp.resources().values().forEach(r -> usedServers.add(r.server()));
            Set<String> usedModels = new LinkedHashSet<>();
            Set<String> usedTools = new LinkedHashSet<>();
            Set<String> usedResources = new LinkedHashSet<>(implicitReads());
            mcp.turns().values().forEach(t -> {
                usedModels.add(t.model());
                usedTools.addAll(McpSection.Turns.names(t.tools()));
                usedResources.addAll(McpSection.Turns.names(t.context()));
                ResourceReferences.inTurns(t).forEach(u -> usedResources.add(u.resource()));
            });
            Set<String> called = new LinkedHashSet<>();
            for (PlaybookDocument.Step step : document.workflow()) {
                if (step.callable() != null) {
                    called.add(step.callable());
                }
            }
            usedTools.addAll(called);
            usedResources.addAll(called);
            warnUnused("servers", mcp.servers().keySet(), usedServers);
            warnUnused("tools", mcp.tools().keySet(), usedTools);
            warnUnused("resources", mcp.resources().keySet(), usedResources);
            warnUnused("models", mcp.models().keySet(), usedModels);
            warnUnused("turns", mcp.turns().keySet(), called);
        }

        private void warnUnused(String kind, Set<String> declared, Set<String> used) {
            if (dangling.contains(kind)) {
                return;
            }
            for (String name : declared) {
                if (!used.contains(name)) {
                    out.warning(DiagnosticCode.MCP_UNUSED, keyPosition(kind, name),
                            "mcp." + kind + "." + name + " is declared but never used");
                }
            }
        }

        // --- helpers

        private SourcePosition keyPosition(String kind, String name) {
            return mcp.source().map(kind).keyPosition(name);
        }
    }

    /** The YAML node at {@code path} under {@code node} (as far as it exists), for positions inside a value. */
    static SourcePosition locate(YamlNode node, List<String> path) {
        YamlNode current = node;
        for (String part : path) {
            YamlNode next = null;
            if (current instanceof YamlMap map) {
                next = map.get(part);
            } else if (current instanceof YamlList list) {
                try {
                    int index = Integer.parseInt(part);
                    next = index >= 0 && index < list.items().size() ? list.items().get(index) : null;
                } catch (NumberFormatException e) {
                    next = null;
                }
            }
            if (next == null) {
                break;
            }
            current = next;
        }
        return current.position();
    }

    /** {@code [a, b, c]}, sorted. */
    static String list(Collection<String> names) {
        return "[" + String.join(", ", new TreeSet<>(names)) + "]";
    }
}
