package io.playbatch.access;

import io.playbatch.json.JsonCodec;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every state-changing request that a browser sent from a page of another origin
 * ({@link CrossSiteRequests}) with 403 {@code cross-site-request} problem details, on every path —
 * {@code /api}, the web console, {@code /mcp} — whether or not an operator token is configured. It
 * runs ahead of the console's and the token's filters, so that a cookie or a missing token never
 * decides a forged request. Reads, and requests without {@code Origin}/{@code Sec-Fetch-Site}
 * (non-browser clients), pass.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class CrossSiteRequestFilter extends OncePerRequestFilter {

    static final String TYPE = ProblemResponse.TYPES + "cross-site-request";

    private final CrossSiteRequests requests;
    private final JsonCodec json;

    public CrossSiteRequestFilter(CrossSiteRequests requests, JsonCodec json) {
        this.requests = requests;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (CrossSiteRequests.unsafe(request) && requests.crossSite(request)) {
            ProblemResponse.write(json, request, response, HttpServletResponse.SC_FORBIDDEN, TYPE,
                    "Cross-site request refused",
                    request.getMethod() + " " + request.getRequestURI() + " was sent by a browser from a page of"
                            + " another site (Origin " + describe(request.getHeader("Origin")) + ", Sec-Fetch-Site "
                            + describe(request.getHeader("Sec-Fetch-Site")) + "), so it was refused to stop"
                            + " cross-site request forgery. Use the Playbatch console itself, or send the request"
                            + " from a script or the CLI, which send no Origin header.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static String describe(String header) {
        return header == null ? "absent" : "'" + header + "'";
    }
}
