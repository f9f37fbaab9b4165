package io.playbatch.recovery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code playbatch.recovery.*}: an execution still STARTING or STARTED whose manager heartbeat is
 * older than {@code stale-after} (default 30s; keep it several {@code playbatch.manager.heartbeat}s)
 * and whose queue rows hold no live lease is dead and is recovered; every process with the
 * database does so at start-up and then every {@code interval} (default 15s) unless
 * {@code enabled} is false. A process with {@code resume} true ({@code playbatch serve} sets it)
 * then also resumes, as its playbook's {@code recovery} allows, what recovery ended at most
 * {@code resume-within} (default 10m) ago (docs/operations.md#automatic-resume).
 */
@ConfigurationProperties("playbatch.recovery")
public record RecoveryProperties(Boolean enabled, Duration staleAfter, Duration interval, Boolean resume,
        Duration resumeWithin) {

    public RecoveryProperties {
        enabled = enabled == null || enabled;
        staleAfter = staleAfter == null ? Duration.ofSeconds(30) : staleAfter;
        interval = interval == null || interval.isZero() || interval.isNegative() ? Duration.ofSeconds(15) : interval;
        resume = resume != null && resume;
        resumeWithin = resumeWithin == null || resumeWithin.isNegative() ? Duration.ofMinutes(10) : resumeWithin;
    }
}
