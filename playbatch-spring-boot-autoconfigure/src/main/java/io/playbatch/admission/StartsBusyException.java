package io.playbatch.admission;

import java.time.Duration;

/**
 * A start refused because as many starts as allowed are in progress and the waiting line is full
 * (or the wait for a turn timed out). Nothing was recorded for it; the client may try again after
 * {@link #retryAfter()}. The REST API answers it with a 429 problem and a {@code Retry-After} header,
 * MCP with a tool error, the console with a 429 page.
 */
public class StartsBusyException extends RuntimeException {

    private final Duration retryAfter;

    public StartsBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, as the {@code Retry-After} header takes it. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
