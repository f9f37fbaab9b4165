package io.playbatch.mcp.server;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who is calling, for the audit trail ({@code execution_started.context.client}). A stateless MCP
 * server keeps no session, so the {@code clientInfo} of {@code initialize} is gone by the time a tool
 * is called; what each request carries is recorded instead: {@code _meta.clientInfo} when the client
 * sends it (as 2026-07-28 clients do), the HTTP {@code User-Agent}, the MCP protocol version header
 * and the remote address. Never the {@code Authorization} header. Stateless.
 */
final class RequestClients implements McpTransportContextExtractor<HttpServletRequest> {

    private static final String USER_AGENT = "user_agent";
    private static final String PROTOCOL_VERSION = "protocol_version";
    private static final String REMOTE_ADDRESS = "remote_address";

    @Override
    public McpTransportContext extract(HttpServletRequest request) {
        Map<String, Object> values = new LinkedHashMap<>();
        putIfPresent(values, USER_AGENT, request.getHeader("User-Agent"));
        putIfPresent(values, PROTOCOL_VERSION, request.getHeader("MCP-Protocol-Version"));
        putIfPresent(values, REMOTE_ADDRESS, request.getRemoteAddr());
        return McpTransportContext.create(values);
    }

    /** The audit entry of one call, from its transport context and {@code _meta}. */
    Map<String, Object> client(McpTransportContext context, Map<String, Object> meta) {
        Map<String, Object> client = new LinkedHashMap<>();
        Object clientInfo = meta == null ? null : meta.get("clientInfo");
        if (clientInfo instanceof Map<?, ?>) {
            client.put("client_info", clientInfo);
        }
        for (String key : new String[] {USER_AGENT, PROTOCOL_VERSION, REMOTE_ADDRESS}) {
            putIfPresent(client, key, context == null ? null : context.get(key));
        }
        return client;
    }

    private static void putIfPresent(Map<String, Object> values, String key, Object value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}
