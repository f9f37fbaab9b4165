package io.playbatch.periodic;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * A pass that runs every interval on the process's {@code playbatchTaskScheduler} for as long as
 * the application context runs: the manager heartbeat, automatic recovery and the cluster gauges.
 * Their intervals come from validated {@code playbatch.*} properties records, which
 * {@code @Scheduled} cannot read, and a test may stop and start one pass alone. A pass handles its
 * own failures: an exception it lets out would end its schedule.
 */
public abstract class PeriodicPass implements SmartLifecycle {

    private final TaskScheduler scheduler;
    private final Duration firstDelay;
    private final Duration interval;
    private ScheduledFuture<?> passes;

    protected PeriodicPass(TaskScheduler scheduler, Duration firstDelay, Duration interval) {
        this.scheduler = scheduler;
        this.firstDelay = firstDelay;
        this.interval = interval;
    }

    /** One pass; runs on the scheduler's thread, never two at once. */
    protected abstract void pass();

    @Override
    public final synchronized void start() {
        if (passes == null) {
            passes = scheduler.scheduleWithFixedDelay(this::pass, Instant.now().plus(firstDelay), interval);
        }
    }

    @Override
    public final synchronized void stop() {
        if (passes != null) {
            passes.cancel(true);
            passes = null;
        }
    }

    @Override
    public final synchronized boolean isRunning() {
        return passes != null;
    }
}
