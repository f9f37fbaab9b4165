package io.playbatch.access;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Tells whether a browser sent a state-changing request on behalf of a page of another origin
 * (cross-site request forgery): {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none},
 * or an {@code Origin} whose scheme, host and port differ from the request's own, unless a
 * {@link TrustedOrigins} bean trusts that origin. A request without either header (curl, SDKs, the
 * CLI) is not cross-site. The one place this is decided, for the API, the console and {@code /mcp}.
 * Thread-safe.
 */
@Component
public class CrossSiteRequests {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final ObjectProvider<TrustedOrigins> trusted;

    public CrossSiteRequests(ObjectProvider<TrustedOrigins> trusted) {
        this.trusted = trusted;
    }

    /** Whether the request may change state (any method but GET, HEAD, OPTIONS). */
    public static boolean unsafe(HttpServletRequest request) {
        return !SAFE.contains(request.getMethod());
    }

    /** Whether the browser says the request comes from a page of another origin, which nothing here trusts. */
    public boolean crossSite(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && trusted.orderedStream().anyMatch(t -> t.trusts(request, origin))) {
            return false;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return true;
        }
        return origin != null && !sameOrigin(request, origin);
    }

    /** Whether {@code origin} is the request's own scheme://host:port ("null" and malformed origins are not). */
    static boolean sameOrigin(HttpServletRequest request, String origin) {
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
        String ownScheme = request.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals(ownScheme) && port == request.getServerPort()
                && host(uri.getHost()).equals(host(request.getServerName()));
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    private static String host(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.toLowerCase(Locale.ROOT);
    }
}
