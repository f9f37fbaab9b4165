package io.playbatch.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator token ({@code PLAYBATCH_API_TOKEN}, Spring property {@code playbatch.api.token}):
 * when set, every state-changing request must present it. Comparison is constant-time (both sides
 * are hashed first, so neither the content nor the length leaks through timing). Immutable and
 * thread-safe; reusable by any front end (API, web console form, MCP).
 */
@Component
public class OperatorToken {

    private final byte[] expected;

    public OperatorToken(@Value("${playbatch.api.token:}") String token) {
        this.expected = token == null || token.isBlank() ? null : sha256(token);
    }

    /** Whether a token is configured, i.e. whether state-changing requests must carry it. */
    public boolean required() {
        return expected != null;
    }

    /** Whether {@code presented} is the configured token; false when none is configured or presented. */
    public boolean matches(String presented) {
        return expected != null && presented != null && MessageDigest.isEqual(expected, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
