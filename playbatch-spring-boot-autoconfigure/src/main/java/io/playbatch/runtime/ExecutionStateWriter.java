package io.playbatch.runtime;

import io.playbatch.database.OutageTolerantTransactionTemplate;
import io.playbatch.ledger.AppendResult;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * The one writer of an execution's state (docs/state-machine.md#one-writer): every change of an
 * execution's status changes Spring Batch's job execution (through its {@link JobRepository} or
 * {@link JobOperator}) and appends the ledger's events in one transaction. Spring Batch's metadata
 * and the ledger live in the same database behind the application's one {@code dataSource} and
 * {@code transactionManager} (Spring Batch's configuration looks both up by those names), and both
 * the job repository and the job operator join a surrounding transaction, so either both changes
 * commit or neither does: no committed state exists in which the two disagree. Thread-safe.
 */
@Component
public class ExecutionStateWriter {

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final EventLedger ledger;
    private final OutageTolerantTransactionTemplate transactions;

    public ExecutionStateWriter(JobRepository jobRepository, JobOperator jobOperator, EventLedger ledger,
            PlatformTransactionManager transactionManager) {
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.ledger = ledger;
        // Always a transaction of its own: a caller's transaction could commit one half without the other.
        // Retried as a whole through a database outage (docs/database.md#outages).
        this.transactions = new OutageTolerantTransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Spring Batch's half of a change, applied to the execution's job execution inside the writer's transaction. */
    @FunctionalInterface
    public interface BatchChange {
        void apply(JobExecution job) throws Exception;
    }

    /**
     * Applies {@code change} to the job execution {@code executionId} and appends {@code events}
     * (in order), in one transaction: a failure of either rolls both back.
     *
     * @return the append results, in the order of {@code events}
     * @throws Exception what {@code change} threw, or the ledger's failure, after the rollback
     */
    public List<AppendResult> change(long executionId, BatchChange change, List<NewEvent> events) throws Exception {
        return inTransaction(() -> {
            JobExecution job = jobRepository.getJobExecution(executionId);
            if (job == null) {
                throw new IllegalStateException("Spring Batch has no job execution " + executionId);
            }
            change.apply(job);
            return ledger.appendAllJoining(events);
        });
    }

    /**
     * The end of a running job: Spring Batch's final update of {@code job} (which reads back a stop
     * asked meanwhile, so a COMPLETED job may become STOPPED) and the ledger's
     * {@code execution_complete}, which {@code ending} builds from the job as updated, in one
     * transaction. {@code ending} may change the job's status (an {@code output} that does not
     * render fails the execution); the job is then updated again in the same transaction.
     */
    AppendResult end(JobExecution job, Function<JobExecution, NewEvent> ending) {
        // A retried attempt starts from the version the database still has: the failed one rolled back.
        Integer version = job.getVersion();
        return unchecked(() -> inTransaction(() -> {
            job.setVersion(version);
            jobRepository.update(job);
            BatchStatus updated = job.getStatus();
            NewEvent complete = ending.apply(job);
            if (job.getStatus() != updated) {
                jobRepository.update(job);
            }
            return ledger.appendAllJoining(List.of(complete)).get(0);
        }));
    }

    /**
     * Marks a dead execution FAILED: its job execution and its running step executions with
     * {@code JobOperator.recover} (a job execution already ended in Spring Batch but not in the ledger,
     * which only an older version could leave, is set FAILED too), and {@code events} appended.
     */
    public List<AppendResult> recover(long executionId, List<NewEvent> events) {
        return unchecked(() -> change(executionId, job -> {
            if (job.getStatus().isRunning()) {
                jobOperator.recover(job);
            } else if (job.getStatus() != BatchStatus.FAILED) {
                settle(job, BatchStatus.FAILED);
            }
        }, events));
    }

    /**
     * Abandons a FAILED or STOPPED execution: ABANDONED in Spring Batch ({@code JobOperator.abandon})
     * and {@code execution_abandoned} in the ledger, with {@code reason} in its context when given.
     */
    public AppendResult abandon(long executionId, String reason) throws Exception {
        Long cause = ledger.latestEventId(executionId, EventType.EXECUTION_COMPLETE, null).orElse(null);
        NewEvent abandoned = NewEvent.of(executionId, EventType.EXECUTION_ABANDONED).parent(cause).status("ABANDONED")
                .context(reason == null ? Map.of() : Map.of("reason", reason)).build();
        return change(executionId, jobOperator::abandon, List.of(abandoned)).get(0);
    }

    /**
     * Asks a running execution to stop: STOPPING in Spring Batch ({@code JobOperator.stop}), which
     * the process running the job reads with its heartbeat. The ledger records nothing yet: the
     * execution's end, STOPPED, is written with Spring Batch's when the job ends.
     */
    public void stop(long executionId) throws JobExecutionNotRunningException {
        try {
            change(executionId, jobOperator::stop, List.of());
        } catch (JobExecutionNotRunningException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("stop of execution " + executionId + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Sets an ended job execution to {@code status} (its running step executions FAILED, or STOPPED
     * for a STOPPED job), inside the caller's {@link #change}: how reconciliation brings Spring
     * Batch to what the ledger recorded.
     */
    public void settle(JobExecution job, BatchStatus status) {
        if (job.getStatus().isRunning()) {
            jobOperator.recover(job);
            job = jobRepository.getJobExecution(job.getId());
        }
        if (job.getStatus() == status) {
            return;
        }
        job.setStatus(status);
        job.setExitStatus(new ExitStatus(status.name()));
        if (job.getEndTime() == null) {
            job.setEndTime(LocalDateTime.now());
        }
        jobRepository.update(job);
    }

    /** Work inside the writer's transaction; checked exceptions roll it back like unchecked ones. */
    @FunctionalInterface
    private interface TransactionalWork<T> {
        T run() throws Exception;
    }

    private <T> T inTransaction(TransactionalWork<T> work) throws Exception {
        try {
            return transactions.execute(status -> {
                try {
                    return work.run();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CheckedFailure(e);
                }
            });
        } catch (CheckedFailure e) {
            throw (Exception) e.getCause();
        }
    }

    private static <T> T unchecked(TransactionalWork<T> work) {
        try {
            return work.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Carries a checked exception out of the transaction callback, which rolls back on it. */
    private static final class CheckedFailure extends RuntimeException {
        CheckedFailure(Exception cause) {
            super(cause);
        }
    }
}
