package io.playbatch.queue;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this process follows the queue: {@code playbatch.queue.poll-interval} (default 500 ms) is how
 * often it looks without being told, for ready rows and for finished rows it waits on, in case a
 * {@code LISTEN/NOTIFY} notification was lost (a dropped connection) or never sent (a retry whose
 * backoff elapsed).
 */
@ConfigurationProperties("playbatch.queue")
public record QueueProperties(Duration pollInterval) {

    public QueueProperties {
        if (pollInterval == null) {
            pollInterval = Duration.ofMillis(500);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("playbatch.queue.poll-interval must be positive, got " + pollInterval);
        }
    }
}
