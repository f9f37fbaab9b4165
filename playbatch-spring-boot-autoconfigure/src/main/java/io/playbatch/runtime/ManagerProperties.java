package io.playbatch.runtime;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code playbatch.manager.*}: how often a process that runs executions (their Spring Batch jobs)
 * beats their heartbeat on the {@code execution} row and reads back stop requests
 * ({@code heartbeat}, default 2s). Recovery declares a manager dead after
 * {@code playbatch.recovery.stale-after}, which must be several heartbeats. When the process shuts
 * down, it waits up to {@code shutdown-wait} (default 10s) for the runs it manages in the background
 * to end, so a run that has just finished also finishes its Spring Batch bookkeeping; a run still
 * going after that is left to recovery.
 */
@ConfigurationProperties("playbatch.manager")
public record ManagerProperties(Duration heartbeat, Duration shutdownWait) {

    public ManagerProperties {
        heartbeat = heartbeat == null || heartbeat.isZero() || heartbeat.isNegative() ? Duration.ofSeconds(2) : heartbeat;
        shutdownWait = shutdownWait == null || shutdownWait.isNegative() ? Duration.ofSeconds(10) : shutdownWait;
    }
}
