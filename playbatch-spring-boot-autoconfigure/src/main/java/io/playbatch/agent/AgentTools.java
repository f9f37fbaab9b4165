package io.playbatch.agent;

import io.playbatch.compiler.ir.AgentLoopNode;
import io.playbatch.compiler.ir.McpToolSpec;
import io.playbatch.json.JsonCodec;
import io.playbatch.mcp.client.JsonSchemaCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools one execution of an agent loop offers the model, and the check a tool call must pass
 * before it becomes a queue row: the tool is offered, its {@code arguments} are a JSON object, and
 * they match the tool's input schema (pinned in the playbook, or fetched by turn 0's worker with
 * {@code tools/list} and pinned from then on). Not thread-safe: one step thread owns it.
 */
public final class AgentTools {

    private final AgentLoopNode loop;
    private final JsonCodec json;
    private final JsonSchemaCheck schemas;
    private final List<Map<String, Object>> definitions = new ArrayList<>();
    private final Map<String, Map<String, Object>> inputSchemas = new LinkedHashMap<>();

    public AgentTools(AgentLoopNode loop, JsonCodec json, JsonSchemaCheck schemas) {
        this.loop = loop;
        this.json = json;
        this.schemas = schemas;
        for (McpToolSpec tool : loop.tools()) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", tool.name());
            if (tool.description() != null) {
                function.put("description", tool.description());
            }
            if (tool.inputSchema() != null) {
                function.put("parameters", tool.inputSchema());
            }
            inputSchemas.put(tool.name(), tool.inputSchema());
            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("type", "function");
            definition.put("function", function);
            definitions.add(definition);
        }
    }

    /** The {@code tools} of a {@code model_turn} request (OpenAI function definitions). */
    public List<Map<String, Object>> definitions() {
        return definitions;
    }

    /**
     * Pins what turn 0's worker fetched ({@code tool_schemas}: name to {@code {input_schema, description}})
     * for the tools the playbook left without a schema or description; a pinned value is never replaced.
     */
    @SuppressWarnings("unchecked")
    public void pin(Map<String, Object> fetched) {
        fetched.forEach((name, value) -> {
            Map<String, Object> schema = (Map<String, Object>) value;
            if (inputSchemas.get(name) == null) {
                inputSchemas.put(name, (Map<String, Object>) schema.get("input_schema"));
            }
            for (Map<String, Object> definition : definitions) {
                Map<String, Object> function = (Map<String, Object>) definition.get("function");
                if (name.equals(function.get("name"))) {
                    function.putIfAbsent("parameters", schema.get("input_schema"));
                    if (schema.get("description") != null) {
                        function.putIfAbsent("description", schema.get("description"));
                    }
                }
            }
        });
    }

    /** One tool call the model asked for ({@code {id, function: {name, arguments}}}), checked. */
    @SuppressWarnings("unchecked")
    public ToolCall check(Map<String, Object> call) {
        Map<String, Object> function = call.get("function") instanceof Map<?, ?> f ? (Map<String, Object>) f : Map.of();
        String name = String.valueOf(function.get("name"));
        Optional<McpToolSpec> tool = loop.tool(name);
        if (tool.isEmpty()) {
            return ToolCall.invalid(name, "tool '" + name + "' is not offered in this loop; offered: "
                    + loop.tools().stream().map(McpToolSpec::name).toList());
        }
        Map<String, Object> arguments;
        try {
            Object parsed = function.get("arguments") instanceof String text
                    ? json.read(text.isBlank() ? "{}" : text) : function.get("arguments");
            if (!(parsed instanceof Map<?, ?> map)) {
                return ToolCall.invalid(name, "the arguments of tool '" + name + "' must be a JSON object");
            }
            arguments = (Map<String, Object>) map;
        } catch (RuntimeException e) {
            return ToolCall.invalid(name, "the arguments of tool '" + name + "' are not valid JSON");
        }
        Map<String, Object> schema = inputSchemas.get(name);
        if (schema != null) {
            Optional<String> violation = schemas.violation(schema, arguments);
            if (violation.isPresent()) {
                return ToolCall.invalid(name, "the arguments of tool '" + name + "' do not match its input schema: "
                        + violation.get());
            }
        }
        return new ToolCall(name, tool.get(), arguments, null);
    }

    /**
     * A checked tool call: either {@code tool} and {@code arguments} (valid), or {@code problem}, which
     * the model is told as {@code {"error": problem}} while nothing is enqueued.
     */
    public record ToolCall(String name, McpToolSpec tool, Map<String, Object> arguments, String problem) {

        static ToolCall invalid(String name, String problem) {
            return new ToolCall(name, null, null, problem);
        }

        public boolean valid() {
            return problem == null;
        }
    }
}
