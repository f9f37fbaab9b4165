package io.playbatch.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Where a request may carry the operator token. The API reads the {@code Authorization: Bearer}
 * header ({@link BearerTokenSource}); a front end adds its own (the web console a cookie or a form
 * field) by declaring another bean. {@link OperatorTokenFilter} accepts the request when any
 * source yields the right token.
 */
@FunctionalInterface
public interface TokenSource {

    /** The token this request presents through this source, if it presents one. */
    Optional<String> token(HttpServletRequest request);
}
