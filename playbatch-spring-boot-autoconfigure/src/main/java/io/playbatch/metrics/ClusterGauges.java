package io.playbatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.playbatch.periodic.PeriodicPass;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * The cluster-wide gauges of the server (docs/metrics.md): the queue's backlog by state, the age of
 * its oldest ready row, the running executions, the recent executions that ended by playbook and
 * status, and each schedule's lateness. They are read from the database, so the work of every
 * process (a CLI-started run as much as the server's own) shows in the server's
 * {@code /actuator/prometheus}. One query component refreshes them every
 * {@code playbatch.metrics.cluster-refresh} on its own daemon thread; a scrape only reads the cached
 * values. Before the first refresh, and while the database is unreachable, the gauges keep their
 * last values (NaN before any).
 */
public class ClusterGauges extends PeriodicPass {

    private static final Logger log = LoggerFactory.getLogger(ClusterGauges.class);

    private final ClusterStateQuery query;
    private final AtomicReference<ClusterState> state = new AtomicReference<>();
    private final MultiGauge lateness;
    private final MultiGauge recent;

    public ClusterGauges(ClusterStateQuery query, MetricsProperties properties, MeterRegistry meters,
            TaskScheduler scheduler) {
        super(scheduler, Duration.ZERO, properties.clusterRefresh());
        this.query = query;
        gauge(meters, "playbatch.queue.depth", "state", "ready", "Queue rows due now and not leased",
                ClusterState::ready);
        gauge(meters, "playbatch.queue.depth", "state", "delayed", "Queue rows waiting for a retry delay",
                ClusterState::delayed);
        gauge(meters, "playbatch.queue.depth", "state", "leased", "Queue rows leased by a worker",
                ClusterState::leased);
        Gauge.builder("playbatch.queue.oldest.ready.age", state, s -> value(s, ClusterState::oldestReadySeconds))
                .description("How long the oldest ready queue row has waited for a worker (0 when none waits)")
                .baseUnit("seconds").register(meters);
        Gauge.builder("playbatch.executions.running", state, s -> value(s, ClusterState::running))
                .description("Executions STARTING or STARTED in the database, whichever process manages them")
                .register(meters);
        this.recent = MultiGauge.builder("playbatch.executions.finished.recent")
                .description("Executions created within playbatch.metrics.recent-window that ended, by playbook and"
                        + " final status, whichever process ran them")
                .register(meters);
        this.lateness = MultiGauge.builder("playbatch.schedule.lateness")
                .description("How overdue the next tick of each active (not paused) schedule is; 0 when on time")
                .baseUnit("seconds").register(meters);
    }

    private void gauge(MeterRegistry meters, String name, String tag, String value, String description,
            ToDoubleFunction<ClusterState> reading) {
        Gauge.builder(name, state, s -> value(s, reading)).tag(tag, value).description(description).register(meters);
    }

    private static double value(AtomicReference<ClusterState> state, ToDoubleFunction<ClusterState> reading) {
        ClusterState current = state.get();
        return current == null ? Double.NaN : reading.applyAsDouble(current);
    }

    /** Reads the database once and publishes the values; what the periodic refresh runs. */
    public void refresh() {
        ClusterState current = query.read();
        state.set(current);
        recent.register(current.recent().stream()
                .map(r -> MultiGauge.Row.of(Tags.of("playbook", r.playbook(), "status", r.status()), r.count()))
                .toList(), true);
        // overwrite: a removed or paused schedule's series disappears instead of freezing at its last value.
        lateness.register(current.schedules().stream()
                .map(s -> MultiGauge.Row.of(Tags.of("schedule", s.scheduleId(), "playbook", s.playbook()),
                        s.seconds()))
                .toList(), true);
    }

    @Override
    protected void pass() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // The database may be briefly unreachable; the gauges keep their last values until the next pass.
            log.warn("Cluster metrics refresh failed: {}", e.getMessage());
        }
    }
}
