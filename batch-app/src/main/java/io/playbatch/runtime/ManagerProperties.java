package io.playbatch.runtime;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code playbatch.manager.*}: how often a process that runs executions (their Spring Batch jobs)
 * beats their heartbeat on the {@code execution} row and reads back stop requests
 * ({@code heartbeat}, default 2s). Recovery declares a manager dead after
 * {@code playbatch.recovery.stale-after}, which must be several heartbeats.
 */
@ConfigurationProperties("playbatch.manager")
public record ManagerProperties(Duration heartbeat) {

    public ManagerProperties {
        heartbeat = heartbeat == null || heartbeat.isZero() || heartbeat.isNegative() ? Duration.ofSeconds(2) : heartbeat;
    }
}
