package io.playbatch.operate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code playbatch.recovery.*}: an execution still STARTING or STARTED whose manager heartbeat is
 * older than {@code stale-after} (default 30s; keep it several {@code playbatch.manager.heartbeat}s)
 * and whose queue rows hold no live lease is dead and is recovered; every process with the
 * database does so at start-up and then every {@code interval} (default 15s) unless
 * {@code enabled} is false.
 */
@ConfigurationProperties("playbatch.recovery")
public record RecoveryProperties(Boolean enabled, Duration staleAfter, Duration interval) {

    public RecoveryProperties {
        enabled = enabled == null || enabled;
        staleAfter = staleAfter == null ? Duration.ofSeconds(30) : staleAfter;
        interval = interval == null || interval.isZero() || interval.isNegative() ? Duration.ofSeconds(15) : interval;
    }
}
