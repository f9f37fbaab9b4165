package io.playbatch.access;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Browser origins besides the server's own from which a front end accepts state-changing requests
 * on its own paths, e.g. the loopback and configured origins of {@code /mcp}. {@link CrossSiteRequests}
 * lets a request through when any declared bean trusts its {@code Origin}; the token check still
 * applies. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TrustedOrigins {

    /** Whether {@code origin} (an {@code Origin} header value) may change state through {@code request}'s path. */
    boolean trusts(HttpServletRequest request, String origin);
}
