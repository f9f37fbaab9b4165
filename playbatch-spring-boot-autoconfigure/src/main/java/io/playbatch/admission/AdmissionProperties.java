package io.playbatch.admission;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code playbatch.admission.*} (docs/operations.md#admission-of-starts): how many starts may be in
 * progress at once ({@code max-concurrent}; unset, a quarter of the connection pool, at least one),
 * how many may wait for a turn ({@code max-waiting}, default 50) and for how long ({@code max-wait},
 * default 10s), and the {@code Retry-After} a refused start is told ({@code retry-after}, default 2s).
 */
@ConfigurationProperties("playbatch.admission")
public record AdmissionProperties(Integer maxConcurrent, Integer maxWaiting, Duration maxWait, Duration retryAfter) {

    public AdmissionProperties {
        maxWaiting = maxWaiting == null || maxWaiting < 0 ? 50 : maxWaiting;
        maxWait = maxWait == null || maxWait.isNegative() ? Duration.ofSeconds(10) : maxWait;
        retryAfter = retryAfter == null || retryAfter.isNegative() || retryAfter.isZero() ? Duration.ofSeconds(2)
                : retryAfter;
    }

    /**
     * The configured number of starts in progress at once, or else a quarter of the pool: a start
     * holds up to three connections at a time (an MCP client request claim, Spring Batch's job
     * repository, the ledger), and the runs already admitted need the rest.
     */
    int concurrency(int poolSize) {
        if (maxConcurrent != null && maxConcurrent > 0) {
            return maxConcurrent;
        }
        return Math.max(1, poolSize / 4);
    }
}
