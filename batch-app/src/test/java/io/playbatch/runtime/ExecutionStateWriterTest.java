package io.playbatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRepository.Disagreement;
import io.playbatch.ledger.NewEvent;
import io.playbatch.recovery.DeadExecutions;
import io.playbatch.recovery.StateReconciliation;
import io.playbatch.testsupport.PlaybookFiles;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestExecutions;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one writer of an execution's state (docs/state-machine.md#one-writer), on embedded
 * PostgreSQL: Spring Batch's change and the ledger's events commit together or not at all, and
 * start-up reconciliation brings together what an older version's crash left disagreeing.
 */
@SpringBootTest(properties = {"playbatch.worker.enabled=false", "playbatch.recovery.enabled=false",
        "playbatch.recovery.stale-after=1s"})
class ExecutionStateWriterTest extends PlaybookRunTest {

    private static final TestDatabase DATABASE = TestDatabases.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @Autowired
    ExecutionStateWriter writer;

    @Autowired
    JobRepository jobRepository;

    @Autowired
    StateReconciliation reconciliation;

    @Autowired
    DeadExecutions deadExecutions;

    @Autowired
    ManagerHeartbeat heartbeat;

    @Test
    void aLedgerAppendThatFailsRollsBackSpringBatchsUpdate() {
        long id = running("tests/ledger-fails");
        NewEvent complete = NewEvent.of(id, EventType.EXECUTION_COMPLETE).status("FAILED").build();
        // The second event names an execution that does not exist: its insert breaks event_execution_fk.
        NewEvent orphan = NewEvent.of(Long.MAX_VALUE, EventType.EXECUTION_COMPLETE).status("FAILED").build();

        assertThatThrownBy(() -> writer.change(id, job -> {
            job.setStatus(BatchStatus.FAILED);
            job.setEndTime(LocalDateTime.now());
            jobRepository.update(job);
        }, List.of(complete, orphan))).hasMessageContaining("event_execution_fk");

        assertThat(batchStatus(id)).as("Spring Batch's update rolled back").isEqualTo("STARTED");
        assertThat(ledgerStatus(id)).isEqualTo("STARTED");
        assertThat(eventCount(id, "execution_complete")).as("the first event rolled back too").isZero();
    }

    @Test
    void aSpringBatchChangeThatFailsRollsBackTheLedgersEvents() {
        long id = running("tests/batch-fails");

        assertThatThrownBy(() -> writer.abandon(id, "too early"))
                .as("Spring Batch refuses to abandon a running job").isInstanceOf(JobExecutionAlreadyRunningException.class);
        assertThat(eventCount(id, "execution_abandoned")).isZero();

        // An event appended inside the change joins the writer's transaction and goes with it.
        assertThatThrownBy(() -> writer.change(id, job -> {
            ledger.appendAllJoining(List.of(NewEvent.of(id, EventType.EXECUTION_COMPLETE).status("FAILED").build()));
            job.setStatus(BatchStatus.FAILED);
            jobRepository.update(job);
            throw new IllegalStateException("Spring Batch's half failed");
        }, List.of())).hasMessage("Spring Batch's half failed");

        assertThat(eventCount(id, "execution_complete")).as("the ledger's event rolled back").isZero();
        assertThat(ledgerStatus(id)).isEqualTo("STARTED");
        assertThat(batchStatus(id)).isEqualTo("STARTED");
    }

    @Test
    void bothHalvesOfAChangeCommitTogether() throws Exception {
        long id = ended("tests/abandoned", "FAILED", "FAILED");

        writer.abandon(id, "retired");

        assertThat(batchStatus(id)).isEqualTo("ABANDONED");
        assertThat(ledgerStatus(id)).isEqualTo("ABANDONED");
        assertThat(eventCount(id, "execution_abandoned")).isEqualTo(1);
    }

    @Test
    void aJobWhoseEndTheLedgerCannotRecordStaysRunningInSpringBatchTooUntilRecovered(@TempDir Path dir)
            throws Exception {
        // No worker runs in this context: the loop fails in its manager, rendering `over` to a text.
        Path playbook = PlaybookFiles.failingLoop(dir, "end_refused");
        jdbc.execute("""
                CREATE FUNCTION refuse_execution_complete() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the ledger refuses execution_complete'; END $$""");
        jdbc.execute("CREATE TRIGGER refuse_execution_complete BEFORE INSERT ON event FOR EACH ROW"
                + " WHEN (NEW.event_type = 'execution_complete') EXECUTE FUNCTION refuse_execution_complete()");
        try {
            operations.start(playbook, Map.of());
        } catch (Exception e) {
            // The run cannot report an end it could not record; what matters is what it left behind.
            assertThat(e).hasStackTraceContaining("the ledger refuses execution_complete");
        } finally {
            jdbc.execute("DROP TRIGGER refuse_execution_complete ON event");
            jdbc.execute("DROP FUNCTION refuse_execution_complete()");
        }
        long id = jdbc.queryForObject("SELECT max(execution_id) FROM execution", Long.class);
        assertThat(batchStatus(id)).as("Spring Batch's end rolled back with the ledger's").isEqualTo("STARTED");
        assertThat(ledgerStatus(id)).isEqualTo("STARTED");
        assertThat(heartbeat.manages(id)).as("no longer beaten, so recovery can end it").isFalse();

        stale(id);
        assertThat(deadExecutions.recover(id).status()).isEqualTo("FAILED");
        assertThat(batchStatus(id)).isEqualTo("FAILED");
    }

    @Test
    void startUpReconciliationBringsTheTwoStatusesTogetherOnceAndLeavesLiveOnesAlone() {
        // What an older version left when it died between writing the ledger and Spring Batch.
        long endedInBatchOnly = stale(running("tests/reconcile-completed"));
        jdbc.update("UPDATE batch_job_execution SET status = 'COMPLETED', exit_code = 'COMPLETED', end_time = now()"
                + " WHERE job_execution_id = ?", endedInBatchOnly);
        long endedInLedgerOnly = ended("tests/reconcile-failed", "FAILED", "STARTED");
        long abandonedInBatchOnly = ended("tests/reconcile-abandoned", "STOPPED", "ABANDONED");
        // A live manager (fresh heartbeat) and a stop on its way are not disagreements.
        long live = running("tests/reconcile-live");
        jdbc.update("UPDATE batch_job_execution SET status = 'COMPLETED', end_time = now() WHERE job_execution_id = ?",
                live);
        jdbc.update("UPDATE execution SET manager_heartbeat_at = now() WHERE execution_id = ?", live);
        long stopping = stale(running("tests/reconcile-stopping"));
        jdbc.update("UPDATE batch_job_execution SET status = 'STOPPING' WHERE job_execution_id = ?", stopping);

        List<Long> fixed = reconciliation.reconcile().stream().map(Disagreement::executionId).toList();

        assertThat(fixed).containsExactlyInAnyOrder(endedInBatchOnly, endedInLedgerOnly, abandonedInBatchOnly);
        assertThat(ledgerStatus(endedInBatchOnly)).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("SELECT context->>'reconciled' FROM event WHERE execution_id = ?"
                + " AND event_type = 'execution_complete'", String.class, endedInBatchOnly)).isEqualTo("true");
        assertThat(batchStatus(endedInLedgerOnly)).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT end_time IS NOT NULL FROM batch_job_execution WHERE job_execution_id = ?",
                Boolean.class, endedInLedgerOnly)).isTrue();
        assertThat(ledgerStatus(abandonedInBatchOnly)).isEqualTo("ABANDONED");
        assertThat(eventCount(abandonedInBatchOnly, "execution_abandoned")).isEqualTo(1);
        assertThat(ledgerStatus(live)).isEqualTo("STARTED");
        assertThat(ledgerStatus(stopping)).isEqualTo("STARTED");
        assertThat(batchStatus(stopping)).isEqualTo("STOPPING");

        assertThat(reconciliation.reconcile()).extracting(Disagreement::executionId)
                .as("nothing left to fix, nothing fixed twice").doesNotContain(endedInBatchOnly, endedInLedgerOnly,
                        abandonedInBatchOnly);
        assertThat(eventCount(abandonedInBatchOnly, "execution_abandoned")).isEqualTo(1);
    }

    /** A bare execution, STARTED in the ledger and in Spring Batch. */
    private long running(String playbook) {
        long id = TestExecutions.insert(jdbc, playbook);
        jdbc.update("UPDATE batch_job_execution SET status = 'STARTED', exit_code = 'UNKNOWN', start_time = now()"
                + " WHERE job_execution_id = ?", id);
        ledger.append(NewEvent.of(id, EventType.EXECUTION_STARTED).status("STARTED").context(Map.of()).build());
        return id;
    }

    /** An execution that ended {@code status} in the ledger, with Spring Batch's status {@code batchStatus}. */
    private long ended(String playbook, String status, String batchStatus) {
        long id = running(playbook);
        ledger.append(NewEvent.of(id, EventType.EXECUTION_COMPLETE).status(status).build());
        jdbc.update("UPDATE batch_job_execution SET status = ?, exit_code = ?,"
                + " end_time = CASE WHEN ? THEN NULL ELSE now() END WHERE job_execution_id = ?", batchStatus, batchStatus,
                "STARTED".equals(batchStatus), id);
        return stale(id);
    }

    private long stale(long id) {
        jdbc.update("UPDATE execution SET manager_heartbeat_at = now() - INTERVAL '1 hour' WHERE execution_id = ?", id);
        return id;
    }

    private String batchStatus(long id) {
        return jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class, id);
    }

    private String ledgerStatus(long id) {
        return jdbc.queryForObject("SELECT status FROM execution WHERE execution_id = ?", String.class, id);
    }

    private int eventCount(long id, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ? AND event_type = ?", Integer.class,
                id, type);
    }
}
