package io.playbatch.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive, RFC 6750). */
@Component
public class BearerTokenSource implements TokenSource {

    @Override
    public Optional<String> token(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }
}
