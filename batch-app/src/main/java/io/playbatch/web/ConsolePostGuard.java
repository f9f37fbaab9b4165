package io.playbatch.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Guards the console's state-changing requests (POST only; GET never changes anything). A POST must
 * come from a page of this console (browsers say so in {@code Sec-Fetch-Site} and {@code Origin}),
 * which stops cross-site request forgery even when no token is configured; and, when
 * {@code PLAYBATCH_API_TOKEN} is set, it must carry the token cookie, except the sign-in itself.
 */
class ConsolePostGuard implements HandlerInterceptor {

    private final ConsoleToken token;

    ConsolePostGuard(ConsoleToken token) {
        this.token = token;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        if (!sameOrigin(request)) {
            throw new ConsolePageException(HttpStatus.FORBIDDEN, "Request from another site refused",
                    "This action was submitted from a page that is not part of this console.",
                    "Open the console itself and use its buttons.");
        }
        if (!request.getRequestURI().equals("/sign-in") && !token.allows(request)) {
            throw new ConsolePageException(HttpStatus.UNAUTHORIZED, "Operator token needed",
                    "This server has an operator token (PLAYBATCH_API_TOKEN) and actions need it.",
                    "Sign in with the operator token, then try again.");
        }
        return true;
    }

    private static boolean sameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true; // Not a browser, or an old one: the token (when set) still applies.
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && host.equalsIgnoreCase(authority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
