package io.playbatch.queue;

import java.time.Duration;

/**
 * The wait before retry {@code n} (1-based: the retry after failed attempt {@code n}) is
 * {@code initial × multiplier^(n-1)}, capped at {@code max} when {@code max} is positive. It
 * travels with the queue row, so whichever worker sees the failure schedules the retry.
 */
public record Backoff(long initialMs, double multiplier, long maxMs) {

    public static final Backoff NONE = new Backoff(0, 1.0, 0);

    public Backoff {
        if (initialMs < 0 || maxMs < 0 || multiplier < 1.0 || Double.isNaN(multiplier)) {
            throw new IllegalArgumentException("backoff needs initial >= 0, max >= 0 and multiplier >= 1, got "
                    + initialMs + " ms, " + maxMs + " ms, " + multiplier);
        }
    }

    public static Backoff of(Duration initial, double multiplier, Duration max) {
        return new Backoff(initial == null ? 0 : initial.toMillis(), Math.max(1.0, multiplier),
                max == null ? 0 : max.toMillis());
    }

    /** The delay before the retry that follows failed attempt {@code attempt} (the SQL computes the same). */
    public long delayMs(int attempt) {
        double delay = initialMs * Math.pow(multiplier, Math.max(0, attempt - 1));
        return (long) (maxMs > 0 ? Math.min(delay, maxMs) : Math.min(delay, MAX_DELAY_MS));
    }

    /** No backoff longer than 30 days, so that a large multiplier cannot overflow a timestamp. */
    static final long MAX_DELAY_MS = 30L * 24 * 3600 * 1000;
}
