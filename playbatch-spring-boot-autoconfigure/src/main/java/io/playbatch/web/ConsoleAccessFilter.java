package io.playbatch.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the console's state-changing requests (POST only; a GET never changes anything), ahead of
 * the server's operator-token filter so that a browser gets pages rather than JSON problems. A POST
 * from a page of another site never gets here: {@code access.CrossSiteRequestFilter} refuses it
 * first (403), also when no token is configured.
 * <ul>
 * <li>{@code POST /sign-in} checks the token typed into the form and, when right, stores it in the
 * console cookie ({@link ConsoleToken}); either way it answers 303 (back to the page, or to the form
 * saying the token was wrong); {@code POST /sign-out} deletes the cookie;</li>
 * <li>any other console POST without a valid cookie, when a token is configured, does not reach
 * the action: it is answered 401 with a page that links to the sign-in form, which returns to the
 * page afterwards.</li>
 * </ul>
 * The REST API ({@code /api}), {@code /mcp} and {@code /actuator} are not console paths.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class ConsoleAccessFilter extends OncePerRequestFilter {

    /** The request attribute naming the page to return to after sign-in (read by the error page). */
    static final String NEXT = "consoleSignInNext";

    private final ConsoleToken token;

    ConsoleAccessFilter(ConsoleToken token) {
        this.token = token;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !ConsoleToken.consolePath(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (path.equals("/sign-in")) {
            signIn(request, response);
        } else if (path.equals("/sign-out")) {
            response.addHeader(HttpHeaders.SET_COOKIE, token.cookieFor(null, request.isSecure()).toString());
            seeOther(response, "/executions");
        } else if (!token.allows(request)) {
            // 401 through the error page (templates/error.html), which links to the sign-in form and
            // back; the API's token filter does not answer error dispatches with its JSON problem.
            request.setAttribute(NEXT, back(request));
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        } else {
            chain.doFilter(request, response);
        }
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response) {
        String next = local(request.getParameter("next"));
        if (!token.required()) {
            seeOther(response, next);
        } else if (token.matches(request.getParameter("operatorToken"))) {
            response.addHeader(HttpHeaders.SET_COOKIE,
                    token.cookieFor(request.getParameter("operatorToken"), request.isSecure()).toString());
            seeOther(response, next);
        } else {
            seeOther(response, "/sign-in?failed&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
    }

    /** Where to return after signing in: the console page the action was submitted from. */
    private static String back(HttpServletRequest request) {
        String referer = request.getHeader(HttpHeaders.REFERER);
        if (referer != null) {
            try {
                URI uri = URI.create(referer);
                return local(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            } catch (IllegalArgumentException e) {
                return "/executions";
            }
        }
        return "/executions";
    }

    /** Only a path of this console: never an absolute or protocol-relative URL (no open redirect). */
    static String local(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")
                ? next : "/executions";
    }

    private static void seeOther(HttpServletResponse response, String location) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader(HttpHeaders.LOCATION, location);
    }
}
