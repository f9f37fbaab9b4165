package io.playbatch.tasks;

import io.modelcontextprotocol.spec.McpSchema;
import io.playbatch.json.JsonCodec;
import io.playbatch.mcp.client.McpClientFactory;
import io.playbatch.mcp.client.McpServerConnection;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code model_turn}: one model turn of an agent loop, a {@code POST {url}/chat/completions} in the
 * OpenAI Chat Completions format with the JDK HTTP client (no LLM SDK). Args (rendered by the
 * manager, docs/mcp.md): {@code model} ({@code url, model, api_key, temperature, seed, max_tokens,
 * timeout_ms}; the api key is a secret reference the worker resolves), {@code messages} (the whole
 * transcript), {@code tools} (function definitions), {@code tool_choice}, and on turn 0
 * {@code discover}: tools whose input schema the playbook does not pin, fetched with
 * {@code tools/list} and returned as {@code tool_schemas} so the rest of the loop uses the same.
 * Data: {@code {message, finish_reason, usage{prompt_tokens, completion_tokens}, tool_schemas?}}.
 * 429, 5xx and timeouts are retryable errors ({@code model_rate_limited}, {@code model_server_error},
 * {@code model_timeout}, {@code model_unavailable}); other statuses and unreadable answers are not.
 * Thread-safe.
 */
@Component
public class ModelTurnTask implements Task {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonCodec json;
    private final McpClientFactory mcp;

    public ModelTurnTask(JsonCodec json, McpClientFactory mcp) {
        this.json = json;
        this.mcp = mcp;
    }

    @Override
    public String type() {
        return "model_turn";
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object run(RenderedTask task, TaskContext context) throws InterruptedException {
        Map<String, Object> args = task.args();
        Map<String, Object> model = map(args.get("model"));
        List<Object> tools = new ArrayList<>(args.get("tools") instanceof List<?> l ? (List<Object>) l : List.of());
        Map<String, Object> discovered = discover(args.get("discover"));
        if (!discovered.isEmpty()) {
            tools = withDiscoveredSchemas(tools, discovered);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model.get("model"));
        body.put("messages", args.get("messages"));
        if (!tools.isEmpty()) {
            body.put("tools", tools);
            body.put("tool_choice", args.getOrDefault("tool_choice", "auto"));
        }
        body.put("temperature", model.getOrDefault("temperature", 0));
        if (model.get("seed") != null) {
            body.put("seed", model.get("seed"));
        }
        body.put("max_tokens", model.getOrDefault("max_tokens", 1024));
        String url = String.valueOf(model.get("url")).replaceAll("/+$", "") + "/chat/completions";
        Duration timeout = Duration.ofMillis(model.get("timeout_ms") instanceof Number n ? n.longValue() : 120_000);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.write(body)));
        if (model.get("api_key") != null) {
            request.header("Authorization", "Bearer " + model.get("api_key"));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new TaskFailure("model_timeout", "model " + model.get("model") + " at " + url + " did not answer within "
                    + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new TaskFailure("model_unavailable", "model " + model.get("model") + " at " + url
                    + " could not be reached: " + e.getMessage() + " (fix: check mcp.models url)", e);
        }
        int status = response.statusCode();
        if (status == 429) {
            throw new TaskFailure("model_rate_limited", "model at " + url + " answered 429 (rate limited): "
                    + HttpTask.excerpt(response.body()));
        }
        if (status >= 500) {
            throw new TaskFailure("model_server_error", "model at " + url + " answered " + status + ": "
                    + HttpTask.excerpt(response.body()));
        }
        if (status < 200 || status >= 300) {
            throw new TaskFailure("model_bad_request", "model at " + url + " refused the request with " + status + ": "
                    + HttpTask.excerpt(response.body()) + " (fix: check the model name, api_key and the tools' schemas)");
        }
        Map<String, Object> answer;
        try {
            answer = json.readMap(response.body());
        } catch (RuntimeException e) {
            throw new TaskFailure("model_bad_response", "model at " + url + " answered something that is not JSON: "
                    + HttpTask.excerpt(response.body()));
        }
        if (!(answer.get("choices") instanceof List<?> choices) || choices.isEmpty()
                || !(((Map<String, Object>) map(choices.get(0))).get("message") instanceof Map<?, ?> message)) {
            throw new TaskFailure("model_bad_response", "model at " + url + " answered without choices[0].message: "
                    + HttpTask.excerpt(response.body()));
        }
        Map<String, Object> choice = map(choices.get(0));
        Map<String, Object> usage = map(answer.get("usage"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", message);
        data.put("finish_reason", choice.get("finish_reason"));
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("prompt_tokens", usage.getOrDefault("prompt_tokens", 0));
        tokens.put("completion_tokens", usage.getOrDefault("completion_tokens", 0));
        data.put("usage", tokens);
        if (!discovered.isEmpty()) {
            data.put("tool_schemas", discovered);
        }
        return data;
    }

    /**
     * Runs {@code tools/list} on each server named in {@code discover} and returns, per local tool
     * name, {@code {description, input_schema}} of its remote tool.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> discover(Object discover) {
        Map<String, Object> found = new LinkedHashMap<>();
        if (!(discover instanceof List<?> entries)) {
            return found;
        }
        for (Object entry : entries) {
            Map<String, Object> wanted = map(entry);
            McpServerConnection server = McpServerConnection.fromArgs(wanted.get("server"));
            String remote = String.valueOf(wanted.get("tool"));
            McpSchema.ListToolsResult listed = mcp.withClient(server, client -> client.listTools());
            McpSchema.Tool tool = listed.tools().stream().filter(t -> t.name().equals(remote)).findFirst()
                    .orElseThrow(() -> new TaskFailure("mcp_protocol_error", "tool '" + remote + "' not found on MCP"
                            + " server " + server.describe() + " (has: " + listed.tools().stream()
                            .map(McpSchema.Tool::name).toList() + ")"));
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("description", tool.description());
            schema.put("input_schema", tool.inputSchema() == null ? Map.of("type", "object")
                    : json.read(json.write(tool.inputSchema())));
            found.put(String.valueOf(wanted.get("name")), schema);
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> withDiscoveredSchemas(List<Object> tools, Map<String, Object> discovered) {
        List<Object> out = new ArrayList<>();
        for (Object tool : tools) {
            Map<String, Object> copy = new LinkedHashMap<>(map(tool));
            Map<String, Object> function = new LinkedHashMap<>(map(copy.get("function")));
            Map<String, Object> schema = (Map<String, Object>) discovered.get(String.valueOf(function.get("name")));
            if (schema != null) {
                function.putIfAbsent("parameters", schema.get("input_schema"));
                if (function.get("description") == null && schema.get("description") != null) {
                    function.put("description", schema.get("description"));
                }
            }
            copy.put("function", function);
            out.add(copy);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
