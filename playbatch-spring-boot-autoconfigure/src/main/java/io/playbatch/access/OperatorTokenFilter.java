package io.playbatch.access;

import io.playbatch.json.JsonCodec;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards every state-changing request (any method but GET, HEAD, OPTIONS, TRACE) to the server —
 * the REST API under {@code /api}, the web console and {@code /mcp} — with the operator token when
 * one is configured: a request that presents none through any {@link TokenSource} gets 401, one
 * that presents a wrong token 403, both as RFC 9457 problem details. Reads are never blocked.
 * Without a configured token the filter lets everything through ({@code serve} only binds to
 * loopback then); requests forged by pages of other sites are refused before this filter either
 * way ({@link CrossSiteRequestFilter}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class OperatorTokenFilter extends OncePerRequestFilter {

    static final String TYPE_MISSING = ProblemResponse.TYPES + "token-missing";
    static final String TYPE_WRONG = ProblemResponse.TYPES + "token-wrong";

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final OperatorToken token;
    private final List<TokenSource> sources;
    private final JsonCodec json;

    public OperatorTokenFilter(OperatorToken token, List<TokenSource> sources, JsonCodec json) {
        this.token = token;
        this.json = json;
        this.sources = List.copyOf(sources);
    }

    /** Whether this request must present the operator token. */
    public boolean guarded(HttpServletRequest request) {
        return token.required() && !SAFE.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!guarded(request)) {
            chain.doFilter(request, response);
            return;
        }
        boolean presented = false;
        for (TokenSource source : sources) {
            Optional<String> candidate = source.token(request);
            if (candidate.isPresent()) {
                presented = true;
                if (token.matches(candidate.get())) {
                    chain.doFilter(request, response);
                    return;
                }
            }
        }
        if (presented) {
            reject(request, response, HttpServletResponse.SC_FORBIDDEN, TYPE_WRONG, "Wrong operator token",
                    "The operator token presented does not match PLAYBATCH_API_TOKEN of this server;"
                            + " send the server's token as 'Authorization: Bearer <token>'.");
        } else {
            reject(request, response, HttpServletResponse.SC_UNAUTHORIZED, TYPE_MISSING, "Operator token required",
                    request.getMethod() + " changes state, and this server requires the operator token:"
                            + " send 'Authorization: Bearer <token>' with the value of PLAYBATCH_API_TOKEN.");
        }
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, int status, String type,
            String title, String detail) throws IOException {
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"playbatch\"");
        }
        ProblemResponse.write(json, request, response, status, type, title, detail);
    }
}
