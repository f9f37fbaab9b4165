package io.playbatch.compiler.dsl.mcp;

import io.playbatch.compiler.yaml.YamlList;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code mcp} section as written (docs/mcp.md), before validation: every entry by its local
 * name in file order, with its {@link YamlMap} {@code source} so a rule can point at any key or
 * value. Values of the wrong type read as absent (the schema check reports them); absent maps are
 * empty. Immutable.
 */
public record McpSection(Map<String, Server> servers, Map<String, Tool> tools, Map<String, Resource> resources,
        Map<String, Model> models, Map<String, Turns> turns, YamlMap source) {

    public McpSection {
        servers = ordered(servers);
        tools = ordered(tools);
        resources = ordered(resources);
        models = ordered(models);
        turns = ordered(turns);
    }

    /** A document without an {@code mcp} section. */
    public static McpSection empty() {
        return new McpSection(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), null);
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public boolean isEmpty() {
        return source == null;
    }

    /** {@code mcp.servers.NAME}: exactly one of {@code url} or {@code command}. */
    public record Server(String name, String url, YamlMap headers, YamlList command, YamlMap env,
            String connectTimeout, String callTimeout, YamlMap source) {
    }

    /** {@code mcp.tools.NAME}. {@code retry} is the {@code retry} mapping or null. */
    public record Tool(String name, String server, String tool, String description, YamlMap inputSchema,
            YamlMap outputSchema, Boolean readOnly, Boolean idempotent, String result, Boolean failOnToolError,
            Integer maxAttempts, String backoff, YamlMap retry, YamlMap source) {
    }

    /** {@code mcp.resources.NAME}: exactly one of {@code uri} or {@code uriTemplate}. */
    public record Resource(String name, String server, String uri, String uriTemplate, YamlMap args,
            String mimeType, Long maxBytes, YamlMap source) {
    }

    /** {@code mcp.models.NAME}. Numbers are as written ({@code temperature} may be an integer). */
    public record Model(String name, String provider, String url, String model, String apiKey, Number temperature,
            Long seed, Long maxTokens, String timeout, Integer maxAttempts, String backoff, YamlMap source) {
    }

    /** {@code mcp.turns.NAME}: one bounded agent loop. {@code tools} and {@code context} keep their list nodes. */
    public record Turns(String name, String model, String system, YamlList messages, String prompt,
            YamlList context, YamlList tools, String toolChoice, Boolean allowSideEffects, YamlNode maxTurns,
            YamlNode maxToolCalls, String stopWhen, YamlMap stopOutputSchema, String onLimit, YamlMap source) {

        /** The string items of a list ({@code tools}, {@code context}), in order; other items are skipped. */
        public static List<String> names(YamlList list) {
            return list == null ? List.of() : list.items().stream()
                    .filter(i -> i instanceof YamlScalar s && s.value() instanceof String)
                    .map(i -> (String) ((YamlScalar) i).value()).toList();
        }
    }
}
