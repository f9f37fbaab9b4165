package io.playbatch.mcp.server;

import io.modelcontextprotocol.spec.ProtocolVersions;
import io.playbatch.access.BufferedBodyRequest;
import io.playbatch.json.JsonCodec;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.core.JacksonException;

/**
 * Stands in front of the MCP SDK's servlet on {@code POST /mcp} so that every client mistake gets a
 * JSON-RPC error that names the mistake and the fix and carries no Java class name: the SDK answers
 * a malformed body, a wrong {@code Content-Type} or {@code Accept} with a serialized Java exception,
 * stack trace included. Checks, in order: a supported {@code MCP-Protocol-Version} when the header is
 * present (else 400), a JSON {@code Content-Type} (else 415), an {@code Accept} listing
 * {@code application/json} and {@code text/event-stream} (else 400), and a body that is one JSON-RPC
 * 2.0 message (else 400 with {@code -32700} or {@code -32600}). Whatever error the SDK still
 * writes is replaced by a plain one. Runs after {@code access.RequestBoundaryFilter}, so the body is
 * already within {@code playbatch.limits.request-bytes}.
 */
class McpRequestFilter extends OncePerRequestFilter {

    static final String PROTOCOL_HEADER = "MCP-Protocol-Version";
    static final Set<String> PROTOCOL_VERSIONS = Set.of(ProtocolVersions.MCP_2024_11_05,
            ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

    private static final int PARSE_ERROR = -32700;
    private static final int INVALID_REQUEST = -32600;
    private static final int INTERNAL_ERROR = -32603;

    private final JsonCodec json = new JsonCodec();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String version = request.getHeader(PROTOCOL_HEADER);
        if (version != null && !PROTOCOL_VERSIONS.contains(version.trim())) {
            error(response, 400, INVALID_REQUEST, "unsupported " + PROTOCOL_HEADER + " '" + quoted(version)
                    + "'; this server speaks " + String.join(", ", PROTOCOL_VERSIONS.stream().sorted().toList())
                    + " (send the version the initialize result named)");
            return;
        }
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            error(response, 415, INVALID_REQUEST, "Content-Type must be application/json, not "
                    + (contentType == null ? "absent" : "'" + quoted(contentType) + "'"));
            return;
        }
        String accept = request.getHeader("Accept");
        if (accept == null || !accept.contains("application/json") || !accept.contains("text/event-stream")) {
            error(response, 400, INVALID_REQUEST, "the Accept header must list both application/json and"
                    + " text/event-stream (MCP streamable HTTP)");
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String mistake = mistake(new String(body, StandardCharsets.UTF_8));
        if (mistake != null) {
            error(response, 400, mistake.startsWith("not JSON") ? PARSE_ERROR : INVALID_REQUEST,
                    "the body is " + mistake + "; send one JSON-RPC 2.0 message such as"
                            + " {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            return;
        }
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        chain.doFilter(new BufferedBodyRequest(request, body), answer);
        if (answer.getStatus() >= 400 && !plainError(answer.getContentAsByteArray())) {
            int status = answer.getStatus();
            answer.resetBuffer();
            error(answer, status, INTERNAL_ERROR, "the request could not be handled (HTTP " + status
                    + "); the server log has the details");
        }
        answer.copyBodyToResponse();
    }

    /** What is wrong with {@code body} as a JSON-RPC 2.0 message, or null when nothing is. */
    private String mistake(String body) {
        Object message;
        try {
            message = json.read(body);
        } catch (JacksonException e) {
            return "not JSON (" + (e.getLocation() == null ? "unreadable" : "at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()) + ")";
        }
        if (!(message instanceof Map<?, ?> map)) {
            return "not a JSON object (batches are not supported)";
        }
        if (!"2.0".equals(map.get("jsonrpc"))) {
            return "missing \"jsonrpc\": \"2.0\"";
        }
        Object id = map.get("id");
        if (id != null && !(id instanceof String) && !(id instanceof Number)) {
            return "a message whose \"id\" is neither a string nor a number";
        }
        Object method = map.get("method");
        if (method == null) {
            return map.containsKey("result") || map.containsKey("error") ? null
                    : "a message with neither \"method\" nor \"result\"/\"error\"";
        }
        if (!(method instanceof String)) {
            return "a message whose \"method\" is not a string";
        }
        Object params = map.get("params");
        if (params != null && !(params instanceof Map)) {
            return "a message whose \"params\" is not an object";
        }
        return null;
    }

    /** Whether an error body is a JSON-RPC error without Java internals (the SDK's own carry a stack trace). */
    private boolean plainError(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains("\"jsonrpc\"") && !text.contains("stackTrace") && !text.contains("\"cause\"");
    }

    private void error(HttpServletResponse response, int status, int code, String message) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jsonrpc", "2.0");
        answer.put("id", null);
        answer.put("error", error);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.write(answer));
    }

    private static String quoted(String text) {
        String cut = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
