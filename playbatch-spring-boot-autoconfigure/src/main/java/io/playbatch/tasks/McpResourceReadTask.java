package io.playbatch.tasks;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.playbatch.mcp.client.McpClientFactory;
import io.playbatch.mcp.client.McpServerConnection;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code mcp_resource_read}: reads one resource of an MCP server. Args (rendered by the server):
 * {@code server}, {@code uri} (a template already expanded), {@code name}, optional
 * {@code mime_type} (checked) and {@code max_bytes}. Data: {@code {uri, mime_type, text}} or
 * {@code {uri, mime_type, blob_base64, size}}. A resource larger than {@code max_bytes} is an
 * error ({@code mcp_resource_too_large}), never truncated. Thread-safe.
 */
@Component
public class McpResourceReadTask implements Task {

    private static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    private final McpClientFactory clients;

    public McpResourceReadTask(McpClientFactory clients) {
        this.clients = clients;
    }

    @Override
    public String type() {
        return "mcp_resource_read";
    }

    @Override
    public Object run(RenderedTask task, TaskContext context) {
        Map<String, Object> args = task.args();
        McpServerConnection server = McpServerConnection.fromArgs(args.get("server"));
        String uri = String.valueOf(args.get("uri"));
        String where = "resource " + uri + " of MCP server " + server.describe();
        long maxBytes = args.get("max_bytes") instanceof Number n ? n.longValue() : DEFAULT_MAX_BYTES;
        McpSchema.ReadResourceResult result = clients.withClient(server, client -> {
            try {
                return client.readResource(new McpSchema.ReadResourceRequest(uri));
            } catch (McpError e) {
                if (e.getJsonRpcError() != null) {
                    throw new TaskFailure("mcp_protocol_error", where + " could not be read: JSON-RPC error "
                            + e.getJsonRpcError().code() + ": " + e.getJsonRpcError().message()
                            + " (fix: check the uri against the server's resources/list)", e);
                }
                throw new TaskFailure("mcp_outcome_unknown", where + ": no answer: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new TaskFailure("mcp_outcome_unknown", where + ": no answer within "
                        + server.callTimeout().toMillis() + " ms or the connection was lost: " + e.getMessage(), e);
            }
        });
        if (result.contents() == null || result.contents().isEmpty()) {
            throw new TaskFailure("mcp_output_invalid", where + " returned no contents");
        }
        McpSchema.ResourceContents contents = result.contents().get(0);
        String mimeType = contents.mimeType();
        Object expected = args.get("mime_type");
        if (expected != null && !String.valueOf(expected).equalsIgnoreCase(mimeType)) {
            throw new TaskFailure("mcp_output_invalid", where + " has mime type " + mimeType + ", the playbook expects "
                    + expected + " (fix: correct mime_type in mcp.resources or the uri)");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("uri", contents.uri() == null ? uri : contents.uri());
        data.put("mime_type", mimeType);
        if (contents instanceof McpSchema.TextResourceContents text) {
            long size = text.text().getBytes(StandardCharsets.UTF_8).length;
            tooLarge(where, size, maxBytes);
            data.put("text", text.text());
        } else if (contents instanceof McpSchema.BlobResourceContents blob) {
            long size = Base64.getDecoder().decode(blob.blob()).length;
            tooLarge(where, size, maxBytes);
            data.put("blob_base64", blob.blob());
            data.put("size", size);
        }
        return data;
    }

    private static void tooLarge(String where, long size, long maxBytes) {
        if (size > maxBytes) {
            throw new TaskFailure("mcp_resource_too_large", where + " is " + size + " bytes, over max_bytes " + maxBytes
                    + " (fix: raise max_bytes in mcp.resources, or read a smaller resource); it is never truncated");
        }
    }
}
