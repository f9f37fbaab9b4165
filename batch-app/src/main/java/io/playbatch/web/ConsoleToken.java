package io.playbatch.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The operator token of the web console: when {@code PLAYBATCH_API_TOKEN} is set, a state-changing
 * console action needs it, presented in an HttpOnly, SameSite=Strict cookie set by the sign-in form;
 * when it is unset (the loopback default) no action needs it. Compares in constant time and never
 * logs or renders the token. Thread-safe.
 */
@Component
public class ConsoleToken {

    /** The cookie that carries the token after sign-in. */
    public static final String COOKIE = "playbatch_operator";

    private final String expected;

    public ConsoleToken(Environment environment) {
        String token = environment.getProperty("PLAYBATCH_API_TOKEN");
        this.expected = token == null || token.isBlank() ? null : token;
    }

    /** Whether actions need the token at all. */
    public boolean required() {
        return expected != null;
    }

    /** Whether {@code presented} is the operator token (false when none is configured). */
    public boolean matches(String presented) {
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether this request may change state: no token configured, or its cookie carries the token. */
    public boolean allows(HttpServletRequest request) {
        return !required() || matches(cookie(request));
    }

    /** Whether the request carries a valid token cookie (shown as "signed in"). */
    public boolean signedIn(HttpServletRequest request) {
        return required() && matches(cookie(request));
    }

    /** The Set-Cookie value that stores {@code token} (or, null, deletes it). */
    public ResponseCookie cookieFor(String token, boolean secure) {
        return ResponseCookie.from(COOKIE, token == null ? "" : token).httpOnly(true).sameSite("Strict")
                .secure(secure).path("/").maxAge(token == null ? 0 : -1).build();
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
