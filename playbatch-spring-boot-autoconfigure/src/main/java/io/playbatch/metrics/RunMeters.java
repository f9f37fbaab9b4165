package io.playbatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The meters of runs and steps, recorded where the ledger writes their end: {@code playbatch.runs}
 * (a counter by playbook and final status), {@code playbatch.run.duration} and
 * {@code playbatch.step.duration} (histograms, so that their buckets add up across processes and
 * quantiles are computed by the server). Labels are playbook paths, step names and statuses only,
 * never ids, so their number stays bounded by the catalog. Thread-safe.
 */
@Component
public class RunMeters {

    private final MeterRegistry meters;

    public RunMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    /** An execution reached its final {@code status} (COMPLETED, FAILED or STOPPED) after {@code duration}. */
    public void executionFinished(String playbook, String status, Duration duration) {
        meters.counter("playbatch.runs", "playbook", playbook, "status", status).increment();
        Timer.builder("playbatch.run.duration").description("From execution start to its final status")
                .tags("playbook", playbook, "status", status)
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1),
                        Duration.ofMinutes(10), Duration.ofHours(1))
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(6))
                .register(meters).record(nonNegative(duration));
    }

    /**
     * A step ended with {@code outcome} ({@code completed}, {@code failed} or {@code stopped}); its
     * duration is the one its ledger event records ({@code duration_ms}), so the histogram and the
     * execution's report agree.
     */
    public void stepFinished(String playbook, String step, String outcome, Duration duration) {
        Timer.builder("playbatch.step.duration").description("One step of an execution, as its ledger event records it")
                .tags("playbook", playbook, "step", step, "outcome", outcome)
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10),
                        Duration.ofMinutes(1), Duration.ofMinutes(10))
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(6))
                .register(meters).record(nonNegative(duration));
    }

    private static Duration nonNegative(Duration duration) {
        // Clocks of two hosts may disagree by a little; a negative duration would be dropped silently.
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
