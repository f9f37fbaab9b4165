package io.playbatch.web;

import io.playbatch.access.OperatorToken;
import io.playbatch.access.TokenSource;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * How the web console carries the operator token ({@link OperatorToken}, {@code PLAYBATCH_API_TOKEN}):
 * after sign-in, in an HttpOnly, SameSite=Strict cookie, which scripts cannot read and other sites'
 * pages cannot make the browser send. As a {@link TokenSource} it lets the server's token filter
 * accept console requests that carry the cookie, and only those: on {@code /api}, {@code /mcp} and
 * {@code /actuator} the cookie is no token, so a page cannot ride on a signed-in browser there.
 * Never logs or renders the token. Thread-safe.
 */
@Component
public class ConsoleToken implements TokenSource {

    /** The cookie that carries the token after sign-in. */
    public static final String COOKIE = "playbatch_operator";

    private final OperatorToken token;

    public ConsoleToken(OperatorToken token) {
        this.token = token;
    }

    /** Whether actions need the token at all. */
    public boolean required() {
        return token.required();
    }

    /** Whether {@code presented} is the operator token (false when none is configured). */
    public boolean matches(String presented) {
        return token.matches(presented);
    }

    /** Whether this request may change state: no token configured, or its cookie carries the token. */
    public boolean allows(HttpServletRequest request) {
        return !required() || matches(cookie(request));
    }

    /** Whether the request carries a valid token cookie (shown as "signed in"). */
    public boolean signedIn(HttpServletRequest request) {
        return required() && matches(cookie(request));
    }

    /** The cookie's token, on console paths only. */
    @Override
    public Optional<String> token(HttpServletRequest request) {
        return consolePath(request) ? Optional.ofNullable(cookie(request)) : Optional.empty();
    }

    /**
     * Whether the request is for the console, i.e. not for the REST API, {@code /mcp} or
     * {@code /actuator}. Reads the container's decoded, normalized path, the one requests are mapped by.
     */
    static boolean consolePath(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !(under(path, "/api") || under(path, "/mcp") || under(path, "/actuator"));
    }

    private static boolean under(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }

    /** The Set-Cookie value that stores {@code token} (or, null, deletes it). */
    public ResponseCookie cookieFor(String value, boolean secure) {
        return ResponseCookie.from(COOKIE, value == null ? "" : value).httpOnly(true).sameSite("Strict")
                .secure(secure).path("/").maxAge(value == null ? 0 : -1).build();
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
