package io.playbatch.access;

import io.playbatch.json.JsonCodec;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every request, on every path ({@code /api}, {@code /mcp}, the console):
 * refuses a body larger than {@code playbatch.limits.request-bytes} with 413
 * {@code request-too-large}, and a control character such as NUL in the query or the body with 400
 * {@code invalid-character} (any control character in the query; NUL in a body, raw, JSON-escaped or
 * form-encoded), before any controller, token check or database sees the request.
 * PostgreSQL cannot store a NUL in text, so a NUL that got through would fail a statement half-way
 * through a request (a 500 and, for a start, an orphaned execution). Bodies are read once into
 * memory, which the limit bounds, and replayed to the rest of the chain.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestBoundaryFilter extends OncePerRequestFilter {

    static final String TOO_LARGE = ProblemResponse.TYPES + "request-too-large";
    static final String INVALID_CHARACTER = ProblemResponse.TYPES + "invalid-character";

    /**
     * An escaped NUL in JSON text: a backslash, {@code u0000}, after an even number of other
     * backslashes (an escaped backslash followed by the text {@code u0000} is no NUL).
     */
    private static final Pattern JSON_NUL = Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\u0000",
            Pattern.CASE_INSENSITIVE);

    private final JsonCodec json;
    private final long maxBytes;

    public RequestBoundaryFilter(JsonCodec json,
            @Value("${playbatch.limits.request-bytes:1MB}") DataSize maxBytes) {
        this.json = json;
        this.maxBytes = maxBytes.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(request, response);
            return;
        }
        String query = request.getQueryString();
        if (query != null && hasControlCharacter(decoded(query))) {
            invalidCharacter(request, response, "the query string");
            return;
        }
        if (isForm(request.getContentType())) {
            // Tomcat parses a form body itself (within server.tomcat.max-http-form-post-size); a form's text
            // area may hold line breaks, so only NUL is refused.
            if (request.getParameterMap().values().stream().flatMap(Arrays::stream)
                    .anyMatch(value -> value.indexOf('\0') >= 0)) {
                invalidCharacter(request, response, "a form field");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            tooLarge(request, response);
            return;
        }
        if (hasNul(body, request.getContentType())) {
            invalidCharacter(request, response, "the request body");
            return;
        }
        chain.doFilter(body.length == 0 ? request : new BufferedBodyRequest(request, body), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The rest of an oversized body is not read: the connection closes after the answer.
        response.setHeader("Connection", "close");
        ProblemResponse.write(json, request, response, 413, TOO_LARGE, "Request too large",
                "The request body is larger than " + maxBytes + " bytes (playbatch.limits.request-bytes); send less"
                        + " (large workload data belongs in a table or a file the playbook reads), or ask the operator"
                        + " to raise the limit");
        // Out at once: Tomcat may still wait to swallow part of the unread body before it closes.
        response.flushBuffer();
    }

    private void invalidCharacter(HttpServletRequest request, HttpServletResponse response, String where)
            throws IOException {
        ProblemResponse.write(json, request, response, 400, INVALID_CHARACTER, "Invalid character",
                where + " contains a control character (such as NUL, \\u0000), which no field accepts; remove it"
                        + " (binary data goes base64-encoded in a string)");
    }

    private static String decoded(String query) {
        try {
            return URLDecoder.decode(query, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A malformed escape is the parameter parser's to refuse; only decoded control characters are ours.
            return query;
        }
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
    }

    private static boolean hasNul(byte[] body, String contentType) {
        for (byte b : body) {
            if (b == 0) {
                return true;
            }
        }
        boolean json = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
        return json && JSON_NUL.matcher(new String(body, StandardCharsets.UTF_8)).find();
    }
}
