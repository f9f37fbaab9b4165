package io.playbatch.compiler.ir;

import java.time.Duration;

/** A step's {@code retry}: attempts in total (1 = no retry) and exponential backoff between them. */
public record RetrySpec(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    public static RetrySpec none() {
        return new RetrySpec(1, Duration.ZERO, 1.0, Duration.ZERO);
    }
}
