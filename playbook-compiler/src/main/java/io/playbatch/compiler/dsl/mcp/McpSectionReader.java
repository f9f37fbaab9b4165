package io.playbatch.compiler.dsl.mcp;

import io.playbatch.compiler.yaml.YamlList;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Maps the positioned YAML of an {@code mcp} section onto {@link McpSection} records. Lenient like
 * {@code PlaybookReader}: it runs after the schema check, so a value of
 * the wrong type reads as absent and an entry that is not a mapping is skipped. Thread-safe.
 */
public final class McpSectionReader {

    public McpSection read(YamlMap mcp) {
        if (mcp == null) {
            return McpSection.empty();
        }
        return new McpSection(entries(mcp.map("servers"), this::server), entries(mcp.map("tools"), this::tool),
                entries(mcp.map("resources"), this::resource), entries(mcp.map("models"), this::model),
                entries(mcp.map("turns"), this::turns), mcp);
    }

    private static <T> Map<String, T> entries(YamlMap map, BiFunction<String, YamlMap, T> reader) {
        Map<String, T> entries = new LinkedHashMap<>();
        if (map != null) {
            for (YamlMap.Entry entry : map.entries()) {
                if (entry.value() instanceof YamlMap value) {
                    entries.put(entry.key(), reader.apply(entry.key(), value));
                }
            }
        }
        return entries;
    }

    private McpSection.Server server(String name, YamlMap m) {
        return new McpSection.Server(name, m.string("url"), m.map("headers"), m.list("command"), m.map("env"),
                m.string("connect_timeout"), m.string("call_timeout"), m);
    }

    private McpSection.Tool tool(String name, YamlMap m) {
        YamlMap retry = m.map("retry");
        return new McpSection.Tool(name, m.string("server"), m.string("tool"), m.string("description"),
                m.map("input_schema"), m.map("output_schema"), bool(m.get("read_only")), bool(m.get("idempotent")),
                m.string("result"), bool(m.get("fail_on_tool_error")),
                retry == null ? null : integer(retry.get("max_attempts")), retry == null ? null : retry.string("backoff"),
                retry, m);
    }

    private McpSection.Resource resource(String name, YamlMap m) {
        Number maxBytes = number(m.get("max_bytes"));
        return new McpSection.Resource(name, m.string("server"), m.string("uri"), m.string("uri_template"),
                m.map("args"), m.string("mime_type"), maxBytes == null ? null : maxBytes.longValue(), m);
    }

    private McpSection.Model model(String name, YamlMap m) {
        YamlMap retry = m.map("retry");
        Number seed = number(m.get("seed"));
        Number maxTokens = number(m.get("max_tokens"));
        return new McpSection.Model(name, m.string("provider"), m.string("url"), m.string("model"),
                m.string("api_key"), number(m.get("temperature")), seed == null ? null : seed.longValue(),
                maxTokens == null ? null : maxTokens.longValue(), m.string("timeout"),
                retry == null ? null : integer(retry.get("max_attempts")), retry == null ? null : retry.string("backoff"),
                m);
    }

    private McpSection.Turns turns(String name, YamlMap m) {
        YamlMap stop = m.map("stop");
        return new McpSection.Turns(name, m.string("model"), m.string("system"), m.list("messages"),
                m.string("prompt"), m.list("context"), m.list("tools"), m.string("tool_choice"),
                bool(m.get("allow_side_effects")), m.get("max_turns"), m.get("max_tool_calls"),
                stop == null ? null : stop.string("when"), stop == null ? null : stop.map("output_schema"),
                m.string("on_limit"), m);
    }

    private static Boolean bool(YamlNode node) {
        return node instanceof YamlScalar s && s.value() instanceof Boolean b ? b : null;
    }

    private static Integer integer(YamlNode node) {
        return node instanceof YamlScalar s && (s.value() instanceof Integer || s.value() instanceof Long)
                ? ((Number) s.value()).intValue() : null;
    }

    private static Number number(YamlNode node) {
        return node instanceof YamlScalar s && s.value() instanceof Number n ? n : null;
    }

    /** The list's scalar items as text, for {@code command}. */
    public static List<String> strings(YamlList list) {
        return list == null ? List.of() : list.items().stream()
                .filter(i -> i instanceof YamlScalar s && s.value() != null)
                .map(i -> ((YamlScalar) i).text()).toList();
    }
}
