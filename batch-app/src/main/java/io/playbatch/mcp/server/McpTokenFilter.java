package io.playbatch.mcp.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <PLAYBATCH_API_TOKEN>} on every request it filters when an
 * operator token is configured; without a token (loopback-only serving) it lets everything through.
 * Answers 401 with {@code WWW-Authenticate: Bearer} otherwise. Compares in constant time. Thread-safe.
 * Registered for {@code /mcp} only; the REST API's operator-token filter, once on main, covers
 * {@code /mcp} as well and this one can go.
 */
final class McpTokenFilter extends OncePerRequestFilter {

    private final byte[] expected;

    /** @param token the operator token, or null/blank for none */
    McpTokenFilter(String token) {
        this.expected = token == null || token.isBlank() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (expected != null) {
            String given = request.getHeader("Authorization");
            if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"playbatch\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "missing or wrong operator token: send"
                        + " 'Authorization: Bearer <token>' with the value of PLAYBATCH_API_TOKEN");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
