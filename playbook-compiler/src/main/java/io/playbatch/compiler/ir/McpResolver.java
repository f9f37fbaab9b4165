package io.playbatch.compiler.ir;

import io.playbatch.compiler.diag.SourcePosition;
import io.playbatch.compiler.dsl.DurationSyntax;
import io.playbatch.compiler.dsl.mcp.McpSection;
import io.playbatch.compiler.dsl.mcp.McpSectionReader;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves an {@link McpSection} into {@link McpDefinitions}: defaults applied and references
 * (server, model, tools, context) replaced by the specs they name. Lenient: a dangling reference
 * resolves to null or is left out, since validation reports it and the graph is then not handed out.
 */
final class McpResolver {

    private McpResolver() {
    }

    static McpDefinitions resolve(McpSection section) {
        Map<String, McpServerSpec> servers = new LinkedHashMap<>();
        section.servers().forEach((name, s) -> servers.put(name, new McpServerSpec(name, s.url(),
                strings(s.headers()), McpSectionReader.strings(s.command()), strings(s.env()),
                DurationSyntax.parse(s.connectTimeout()).orElse(McpServerSpec.DEFAULT_CONNECT_TIMEOUT),
                DurationSyntax.parse(s.callTimeout()).orElse(McpServerSpec.DEFAULT_CALL_TIMEOUT),
                declaredAt(section, "servers", name))));
        Map<String, McpToolSpec> tools = new LinkedHashMap<>();
        section.tools().forEach((name, t) -> tools.put(name, new McpToolSpec(name, servers.get(t.server()),
                t.tool() == null ? name : t.tool(), t.description(), plain(t.inputSchema()), plain(t.outputSchema()),
                Boolean.TRUE.equals(t.readOnly()), Boolean.TRUE.equals(t.idempotent()), resultMode(t.result()),
                !Boolean.FALSE.equals(t.failOnToolError()), fixedRetry(t.maxAttempts(), t.backoff(), 1,
                        Duration.ofSeconds(2)), declaredAt(section, "tools", name))));
        Map<String, McpResourceSpec> resources = new LinkedHashMap<>();
        section.resources().forEach((name, r) -> resources.put(name, new McpResourceSpec(name,
                servers.get(r.server()), r.uri(), r.uriTemplate(), plain(r.args()), r.mimeType(),
                r.maxBytes() == null ? McpResourceSpec.DEFAULT_MAX_BYTES : r.maxBytes(),
                declaredAt(section, "resources", name))));
        Map<String, McpModelSpec> models = new LinkedHashMap<>();
        section.models().forEach((name, m) -> models.put(name, new McpModelSpec(name,
                m.provider() == null ? McpModelSpec.OPENAI_CHAT : m.provider(), m.url(), m.model(), m.apiKey(),
                m.temperature() == null ? 0.0 : m.temperature().doubleValue(), m.seed(),
                m.maxTokens() == null ? McpModelSpec.DEFAULT_MAX_TOKENS : m.maxTokens().intValue(),
                DurationSyntax.parse(m.timeout()).orElse(McpModelSpec.DEFAULT_TIMEOUT),
                fixedRetry(m.maxAttempts(), m.backoff(), McpModelSpec.DEFAULT_MAX_ATTEMPTS,
                        McpModelSpec.DEFAULT_BACKOFF))));
        Map<String, AgentLoopNode> turns = new LinkedHashMap<>();
        section.turns().forEach((name, t) -> turns.put(name, turns(name, t, models, tools, resources)));
        return new McpDefinitions(servers, tools, resources, models, turns);
    }

    private static AgentLoopNode turns(String name, McpSection.Turns t, Map<String, McpModelSpec> models,
            Map<String, McpToolSpec> tools, Map<String, McpResourceSpec> resources) {
        List<AgentLoopNode.Message> messages = new ArrayList<>();
        if (t.messages() != null) {
            for (YamlNode item : t.messages().items()) {
                if (item instanceof YamlMap m) {
                    messages.add(new AgentLoopNode.Message(m.string("role"), m.string("content")));
                }
            }
        }
        List<McpResourceSpec> context = McpSection.Turns.names(t.context()).stream().filter(resources::containsKey)
                .map(resources::get).toList();
        List<McpToolSpec> offered = McpSection.Turns.names(t.tools()).stream().filter(tools::containsKey)
                .map(tools::get).toList();
        int maxTurns = whole(t.maxTurns(), 0);
        return new AgentLoopNode(name, models.get(t.model()), t.system(), messages, t.prompt(), context, offered,
                "required".equals(t.toolChoice()) ? AgentLoopNode.ToolChoice.REQUIRED
                        : "none".equals(t.toolChoice()) ? AgentLoopNode.ToolChoice.NONE : AgentLoopNode.ToolChoice.AUTO,
                Boolean.TRUE.equals(t.allowSideEffects()), maxTurns, whole(t.maxToolCalls(), 2 * maxTurns),
                AgentLoopNode.StopWhen.NO_TOOL_CALLS, plain(t.stopOutputSchema()),
                "complete".equals(t.onLimit()) ? AgentLoopNode.OnLimit.COMPLETE : AgentLoopNode.OnLimit.FAIL);
    }

    /** Where {@code mcp.<kind>.<name>} is declared: its key, as the compiler's rules point at it. */
    private static SourcePosition declaredAt(McpSection section, String kind, String name) {
        YamlMap declarations = section.source() == null ? null : section.source().map(kind);
        return declarations == null ? null : declarations.keyPosition(name);
    }

    private static McpToolSpec.ResultMode resultMode(String result) {
        return result == null ? McpToolSpec.ResultMode.STRUCTURED : switch (result) {
            case "text" -> McpToolSpec.ResultMode.TEXT;
            case "json" -> McpToolSpec.ResultMode.JSON;
            default -> McpToolSpec.ResultMode.STRUCTURED;
        };
    }

    /** MCP retries have a fixed backoff: multiplier 1, max = initial. */
    private static RetrySpec fixedRetry(Integer maxAttempts, String backoff, int defaultAttempts,
            Duration defaultBackoff) {
        Duration delay = DurationSyntax.parse(backoff).orElse(defaultBackoff);
        return new RetrySpec(maxAttempts == null ? defaultAttempts : maxAttempts, delay, 1.0, delay);
    }

    private static int whole(YamlNode node, int fallback) {
        return node instanceof YamlScalar s && (s.value() instanceof Integer || s.value() instanceof Long)
                ? ((Number) s.value()).intValue() : fallback;
    }

    private static Map<String, String> strings(YamlMap map) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (map != null) {
            for (YamlMap.Entry e : map.entries()) {
                if (e.value() instanceof YamlScalar s && s.value() != null) {
                    strings.put(e.key(), s.text());
                }
            }
        }
        return strings;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> plain(YamlMap map) {
        return map == null ? null : (Map<String, Object>) map.toPlain();
    }
}
