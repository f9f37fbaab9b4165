package io.playbatch.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code playbatch.worker.*}: whether this process runs a worker ({@code enabled}, default true),
 * with how many task threads ({@code threads}, default 4), leasing how many rows at a time
 * ({@code batch-size}, default 64), for how long ({@code lease}, default 30s, extended every
 * {@code heartbeat}, default 10s), reaping expired leases every {@code reap-interval} (default:
 * the heartbeat; 0 disables), and the {@code instance} part of its worker id
 * ({@code hostname:pid:instance}, default 1).
 */
@ConfigurationProperties("playbatch.worker")
public record WorkerProperties(Boolean enabled, Integer threads, Integer batchSize, Duration lease, Duration heartbeat,
        Duration reapInterval, String instance) {

    public WorkerProperties {
        enabled = enabled == null || enabled;
        threads = threads == null ? 4 : threads;
        batchSize = batchSize == null ? 64 : batchSize;
        lease = lease == null ? Duration.ofSeconds(30) : lease;
        heartbeat = heartbeat == null ? Duration.ofSeconds(10) : heartbeat;
        reapInterval = reapInterval == null ? heartbeat : reapInterval;
        instance = instance == null || instance.isBlank() ? "1" : instance;
    }

    public WorkerSettings settings(Duration pollInterval) {
        return new WorkerSettings(threads, batchSize, lease, heartbeat, pollInterval, reapInterval);
    }
}
