package io.playbatch.operate;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Automatic recovery: in every process that starts the application with its database (serve, run,
 * restart, ...), {@link DeadExecutions#recoverDead()} runs once at start-up and then every
 * {@code playbatch.recovery.interval}, on its own daemon thread so no command waits for it. Several
 * processes doing so at once recover each dead execution once (the claim is a compare-and-set).
 * Each pass then resumes what may be resumed ({@link ExecutionResumer#resumeDead()}, only in a
 * process with {@code playbatch.recovery.resume}), whichever process recovered it.
 */
public class RecoverySchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecoverySchedule.class);

    private final DeadExecutions deadExecutions;
    private final ExecutionResumer resumer;
    private final RecoveryProperties properties;
    private ScheduledExecutorService scheduler;

    public RecoverySchedule(DeadExecutions deadExecutions, ExecutionResumer resumer, RecoveryProperties properties) {
        this.deadExecutions = deadExecutions;
        this.resumer = resumer;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "playbatch-recovery");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::pass, 0, properties.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pass() {
        try {
            deadExecutions.recoverDead();
        } catch (RuntimeException e) {
            // The database may be briefly unreachable; the next pass tries again.
            log.warn("Recovery pass failed: {}", e.getMessage());
        }
        try {
            resumer.resumeDead();
        } catch (RuntimeException e) {
            log.warn("Resume pass failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
