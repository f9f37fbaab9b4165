package io.playbatch.recovery;

import io.playbatch.periodic.PeriodicPass;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * Automatic recovery: in every process that starts the application with its database (serve, run,
 * restart, ...), {@link DeadExecutions#recoverDead()} runs once at start-up and then every
 * {@code playbatch.recovery.interval}, on the process's periodic scheduler so no command waits for it. Several
 * processes doing so at once recover each dead execution once (the claim is a compare-and-set).
 * Each pass then resumes what may be resumed ({@link ExecutionResumer#resumeDead()}, only in a
 * process with {@code playbatch.recovery.resume}), whichever process recovered it.
 */
public class RecoverySchedule extends PeriodicPass {

    private static final Logger log = LoggerFactory.getLogger(RecoverySchedule.class);

    private final DeadExecutions deadExecutions;
    private final ExecutionResumer resumer;

    public RecoverySchedule(DeadExecutions deadExecutions, ExecutionResumer resumer, RecoveryProperties properties,
            TaskScheduler scheduler) {
        super(scheduler, Duration.ZERO, properties.interval());
        this.deadExecutions = deadExecutions;
        this.resumer = resumer;
    }

    @Override
    protected void pass() {
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
}
