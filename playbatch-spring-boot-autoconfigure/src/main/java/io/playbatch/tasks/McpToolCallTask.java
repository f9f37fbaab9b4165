package io.playbatch.tasks;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.playbatch.json.JsonCodec;
import io.playbatch.mcp.client.JsonSchemaCheck;
import io.playbatch.mcp.client.McpClientFactory;
import io.playbatch.mcp.client.McpServerConnection;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code mcp_tool_call}: calls one tool of an MCP server with the SDK's client, one client per
 * execution. Args (rendered by the server, docs/mcp.md): {@code server}, {@code tool} (the remote
 * name), {@code name} (the local name), {@code arguments}, {@code result} ({@code structured},
 * {@code text} or {@code json}), optional {@code output_schema}, {@code fail_on_tool_error} and
 * {@code idempotency_key}, sent as {@code _meta["io.playbatch/idempotency-key"]} so servers that
 * deduplicate can. Failures are typed ({@code mcp_unavailable}, {@code mcp_protocol_error},
 * {@code mcp_tool_error}, {@code mcp_outcome_unknown}, {@code mcp_output_invalid},
 * {@code mcp_input_required}); which of them may be retried is the queue's business
 * ({@link TaskFailure#NOT_RETRIED}, {@link RenderedTask#atMostOnce()}). Thread-safe.
 */
@Component
public class McpToolCallTask implements Task {

    /** The {@code _meta} key of the idempotency key: reverse DNS of the project, as MCP asks. */
    public static final String IDEMPOTENCY_KEY = "io.playbatch/idempotency-key";

    private final McpClientFactory clients;
    private final JsonSchemaCheck schemas;
    private final JsonCodec json;

    public McpToolCallTask(McpClientFactory clients, JsonSchemaCheck schemas, JsonCodec json) {
        this.clients = clients;
        this.schemas = schemas;
        this.json = json;
    }

    @Override
    public String type() {
        return "mcp_tool_call";
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object run(RenderedTask task, TaskContext context) {
        Map<String, Object> args = task.args();
        McpServerConnection server = McpServerConnection.fromArgs(args.get("server"));
        String tool = String.valueOf(args.get("tool"));
        String where = "tool '" + tool + "' on MCP server " + server.describe();
        Map<String, Object> arguments = args.get("arguments") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> meta = new LinkedHashMap<>();
        if (args.get("idempotency_key") != null) {
            meta.put(IDEMPOTENCY_KEY, String.valueOf(args.get("idempotency_key")));
        }
        McpSchema.CallToolResult result = clients.withClient(server, client -> {
            try {
                return client.callTool(new McpSchema.CallToolRequest(tool, arguments, meta.isEmpty() ? null : meta));
            } catch (McpError e) {
                if (e.getJsonRpcError() != null) {
                    throw new TaskFailure("mcp_protocol_error", where + " answered JSON-RPC error "
                            + e.getJsonRpcError().code() + ": " + e.getJsonRpcError().message()
                            + " (fix: check the tool name and arguments against the server's tools/list)", e);
                }
                throw outcomeUnknown(where, server, e);
            } catch (TaskFailure e) {
                throw e;
            } catch (RuntimeException e) {
                throw outcomeUnknown(where, server, e);
            }
        });
        return data(args, where, result);
    }

    private static TaskFailure outcomeUnknown(String where, McpServerConnection server, RuntimeException e) {
        return new TaskFailure("mcp_outcome_unknown", "the call of " + where + " was sent but no answer came within "
                + server.callTimeout().toMillis() + " ms or the connection was lost: " + e.getMessage()
                + "; it may or may not have taken effect", e);
    }

    @SuppressWarnings("unchecked")
    private Object data(Map<String, Object> args, String where, McpSchema.CallToolResult result) {
        if (result.meta() != null && result.meta().keySet().stream().anyMatch(k -> k.endsWith("inputRequests"))) {
            throw new TaskFailure("mcp_input_required", where + " asked for input (an MRTR input request); a batch run"
                    + " has nobody to answer it (fix: pass what it needs in the arguments)");
        }
        String text = text(result.content());
        if (Boolean.TRUE.equals(result.isError())) {
            if (!Boolean.FALSE.equals(args.get("fail_on_tool_error"))) {
                throw new TaskFailure("mcp_tool_error", where + " reported an error: " + excerpt(text));
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("is_error", true);
            data.put("text", text);
            data.put("content", content(result.content()));
            return data;
        }
        String mode = String.valueOf(args.getOrDefault("result", "structured"));
        Object data;
        switch (mode) {
            case "text" -> data = textData(text, result.content());
            case "json" -> {
                try {
                    data = json.read(text);
                } catch (RuntimeException e) {
                    throw new TaskFailure("mcp_output_invalid", where + " answered text that is not JSON (result: json): "
                            + excerpt(text));
                }
            }
            default -> data = result.structuredContent() != null ? json.read(json.write(result.structuredContent()))
                    : textData(text, result.content());
        }
        if (args.get("output_schema") instanceof Map<?, ?> schema) {
            String violation = schemas.violation((Map<String, Object>) schema, data).orElse(null);
            if (violation != null) {
                throw new TaskFailure("mcp_output_invalid", where + " answered a result that violates the output_schema"
                        + " of the playbook: " + violation);
            }
        }
        return data;
    }

    private static Map<String, Object> textData(String text, List<McpSchema.Content> content) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", text);
        data.put("content", content(content));
        return data;
    }

    static String text(List<McpSchema.Content> content) {
        StringBuilder out = new StringBuilder();
        if (content != null) {
            for (McpSchema.Content c : content) {
                if (c instanceof McpSchema.TextContent t) {
                    if (out.length() > 0) {
                        out.append('\n');
                    }
                    out.append(t.text());
                }
            }
        }
        return out.toString();
    }

    private static List<Object> content(List<McpSchema.Content> content) {
        List<Object> out = new ArrayList<>();
        if (content != null) {
            for (McpSchema.Content c : content) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("type", c.type());
                if (c instanceof McpSchema.TextContent t) {
                    item.put("text", t.text());
                }
                out.add(item);
            }
        }
        return out;
    }

    static String excerpt(String text) {
        return HttpTask.excerpt(text);
    }
}
