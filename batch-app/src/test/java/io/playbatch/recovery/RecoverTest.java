package io.playbatch.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.operate.ExecutionStateException;
import io.playbatch.operate.RunHandle;
import io.playbatch.report.RunSummary;
import io.playbatch.runtime.ManagerHeartbeat;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.PlaybookFiles;
import io.playbatch.testsupport.PlaybookProcess;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code recover} by id (docs/state-machine.md): refused for a live or finished execution, done
 * for one whose manager process died (its heartbeat stale, no live lease): FAILED in Spring Batch
 * and the ledger, its open step failed, its unfinished queue row dead, once however many recover
 * it at the same time. This context runs no worker
 * and no automatic recovery, so nothing here races the test.
 */
@SpringBootTest(properties = {"playbatch.worker.enabled=false", "playbatch.recovery.enabled=false",
        "playbatch.recovery.stale-after=1s", "playbatch.manager.heartbeat=200ms", "playbatch.queue.poll-interval=100ms"})
class RecoverTest extends PlaybookRunTest {

    private static final TestDatabase DATABASE = TestDatabases.create();

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @TempDir
    Path dir;

    @Autowired
    ManagerHeartbeat heartbeat;

    @Autowired
    StateReconciliation reconciliation;

    @Autowired
    DeadExecutions deadExecutions;

    @Test
    void anExecutionAnOlderVersionLeftEndedOnlyInTheLedgerIsReconciledAndThenRestarts() throws Exception {
        // No worker runs in this context: the loop fails in its manager, rendering `over` to a text.
        Path playbook = PlaybookFiles.failingLoop(dir, "ended_twice");
        // Synchronous: Spring Batch has recorded the job's end when this returns.
        RunSummary failed = operations.start(playbook, Map.of());
        assertThat(failed.status()).isEqualTo("FAILED");
        long id = failed.executionId();
        // A kill -9 of an older version between the ledger's execution_complete and Spring Batch's own end of
        // the job left this; the job's end is now one transaction, and start-up reconciliation fixes the old ones.
        jdbc.update("UPDATE batch_job_execution SET status = 'STARTED', end_time = NULL WHERE job_execution_id = ?", id);
        jdbc.update("UPDATE execution SET manager_heartbeat_at = now() - INTERVAL '1 hour' WHERE execution_id = ?", id);

        assertThat(reconciliation.reconcile()).extracting(d -> d.executionId()).containsExactly(id);
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class,
                id)).isEqualTo("FAILED");
        assertThat(operations.restart(id).status()).as("restartable again (and fails again: same workload)")
                .isEqualTo("FAILED");
    }

    @Test
    void aProcessNeverRecoversWhatItRunsAndStopsDispatchingWhatAnotherProcessRecovered() throws Exception {
        long id = io.playbatch.testsupport.TestExecutions.insert(jdbc, "tests/managed");
        heartbeat.track(id);
        try {
            // Its beats lag (a long GC pause, a slow database): stale to any other process, not to this one.
            heartbeat.stop();
            jdbc.update("UPDATE execution SET manager_heartbeat_at = now() - INTERVAL '1 hour' WHERE execution_id = ?",
                    id);
            assertThat(deadExecutions.recoverDead()).extracting(r -> r.executionId()).doesNotContain(id);
            assertThatThrownBy(() -> deadExecutions.recover(id)).isInstanceOf(ExecutionStateException.class)
                    .hasMessageContaining("its manager is this process");

            // Another process presumed it dead and recovered it: this one must dispatch nothing more.
            jdbc.update("UPDATE execution SET status = 'FAILED', manager_id = 'recovery-elsewhere'"
                    + " WHERE execution_id = ?", id);
            heartbeat.start();
            Deadline.await(Duration.ofSeconds(10), "the heartbeat to notice the recovery",
                    () -> heartbeat.stopRequested(id));
            assertThat(jdbc.queryForObject("SELECT manager_id FROM execution WHERE execution_id = ?", String.class, id))
                    .as("the recoverer's mark stays").isEqualTo("recovery-elsewhere");
        } finally {
            heartbeat.start();
            heartbeat.untrack(id);
        }
    }

    @Test
    void anExecutionWhoseProcessWasKilledIsRecoveredOnceItsHeartbeatAndLeasesExpiredAndOnlyOnce() throws Exception {
        Path playbook = PlaybookFiles.write(dir, "killed_step", """
                workflow:
                  - step: start
                    next: [ slow ]
                  - step: slow
                    type: sql
                    args: { connection: default, query: "select pg_sleep(60)" }
                    next: [ end ]
                  - step: end
                """);
        Path log = dir.resolve("child.log");
        Process child = PlaybookProcess.start(DATABASE, playbook, log, Map.of("playbatch.worker.lease", "2s",
                "playbatch.worker.heartbeat", "300ms", "playbatch.manager.heartbeat", "200ms",
                "playbatch.recovery.enabled", "false"));
        try {
            Deadline.await(Duration.ofSeconds(240), "the child to lease step slow (log: " + log + ")", () -> {
                if (!child.isAlive()) {
                    throw new AssertionError("the child exited early: " + PlaybookProcess.read(log));
                }
                return jdbc.queryForObject("SELECT count(*) FROM queue WHERE node_id = 'slow' AND status = 'leased'",
                        Integer.class) == 1;
            });
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        long dead = jdbc.queryForObject("SELECT execution_id FROM execution WHERE playbook_path <> 'tests/managed'"
                + " ORDER BY execution_id LIMIT 1", Long.class);
        // Right after the kill its heartbeat or the worker's lease is still fresh: not dead yet.
        assertThatThrownBy(() -> deadExecutions.recover(dead)).isInstanceOf(ExecutionStateException.class)
                .hasMessageContaining("retry");

        Deadline.await(Duration.ofSeconds(30), "execution " + dead + " to be dead (stale beat, no live lease)",
                () -> jdbc.queryForObject("SELECT manager_heartbeat_at < clock_timestamp() - INTERVAL '1 second'"
                        + " AND NOT EXISTS (SELECT 1 FROM queue WHERE execution_id = ? AND status = 'leased'"
                        + " AND lease_expires_at >= clock_timestamp()) FROM execution WHERE execution_id = ?",
                        Boolean.class, dead, dead));
        // Two recoverers at once, as two processes would be: the claim on the heartbeat lets exactly one through.
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> byId = CompletableFuture.supplyAsync(() -> {
            await(go);
            try {
                deadExecutions.recover(dead);
                return 1;
            } catch (ExecutionStateException lost) {
                return 0;
            }
        });
        CompletableFuture<Integer> byScan = CompletableFuture.supplyAsync(() -> {
            await(go);
            return deadExecutions.recoverDead().size();
        });
        go.countDown();
        assertThat(byId.get(30, TimeUnit.SECONDS) + byScan.get(30, TimeUnit.SECONDS)).as("recovered once").isOne();

        assertThat(operations.execution(dead).status()).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                String.class, dead)).isEqualTo("FAILED");
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM batch_step_execution WHERE job_execution_id = ?"
                + " AND step_name = 'slow'", String.class, dead)).containsExactly("FAILED");
        Map<String, Object> row = jdbc.queryForMap("SELECT status, error->>'type' AS type FROM queue"
                + " WHERE execution_id = ? AND node_id = 'slow'", dead);
        assertThat(row).containsEntry("status", "dead").containsEntry("type", "execution_recovered");
        List<StoredEvent> events = ledger.events(dead);
        assertThat(events).filteredOn(e -> e.type() == EventType.STEP_FAILED).singleElement().satisfies(e -> {
            assertThat(e.nodeName()).isEqualTo("slow");
            assertThat(((Map<?, ?>) e.error()).get("type")).isEqualTo("manager_dead");
        });
        assertThat(events).filteredOn(e -> e.type() == EventType.EXECUTION_COMPLETE).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("FAILED");
            assertThat(e.context()).containsEntry("recovered", true).containsEntry("dead_queue_rows", 1)
                    .containsKey("manager_id");
        });
        assertThat(verifier.verify(dead)).isEmpty();
        String playbookPath = jdbc.queryForObject("SELECT playbook_path FROM execution WHERE execution_id = ?",
                String.class, dead);
        assertThat(meters.get("playbatch.runs").tags("playbook", playbookPath, "status", "FAILED").counter().count())
                .as("the recovered run counted once, by the recoverer that won").isOne();

        assertThatThrownBy(() -> deadExecutions.recover(dead)).isInstanceOf(ExecutionStateException.class)
                .hasMessage("execution " + dead + " is FAILED, not running; only an execution left STARTING or STARTED"
                        + " by a dead process can be recovered (restart it with 'playbatch restart " + dead + "')");
        assertThat(deadExecutions.recoverDead()).as("nothing else is dead").isEmpty();
    }

    @Test
    void aLiveExecutionIsNotRecoveredAndAStopWithdrawsItsQueuedTask() throws Exception {
        Path playbook = PlaybookFiles.write(dir, "waiting", """
                workflow:
                  - step: start
                    next: [ wait ]
                  - step: wait
                    type: log
                    args: { message: "no worker here: this task stays queued" }
                    timeout: 60s
                    next: [ end ]
                  - step: end
                """);
        RunHandle run = operations.submit(playbook, Map.of(), "cli", null);
        Deadline.await(Duration.ofSeconds(30), "step wait to be queued", () -> jdbc.queryForObject(
                "SELECT count(*) FROM queue WHERE execution_id = ? AND node_id = 'wait'", Integer.class,
                run.executionId()) == 1);

        assertThatThrownBy(() -> deadExecutions.recover(run.executionId())).isInstanceOf(ExecutionStateException.class)
                .hasMessageContaining("is alive: its manager").hasMessageContaining("playbatch stop " + run.executionId());
        assertThat(deadExecutions.recoverDead()).isEmpty();

        operations.stop(run.executionId());
        Deadline.await(Duration.ofSeconds(30), "the execution to end STOPPED",
                () -> "STOPPED".equals(operations.execution(run.executionId()).status()));
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                String.class, run.executionId())).isEqualTo("STOPPED");
        assertThat(jdbc.queryForMap("SELECT status, error->>'type' AS type FROM queue WHERE execution_id = ?"
                + " AND node_id = 'wait'", run.executionId())).containsEntry("status", "dead")
                .containsEntry("type", "stopped");
        assertThat(ledger.events(run.executionId())).filteredOn(e -> e.type() == EventType.STEP_FAILED)
                .singleElement().satisfies(e -> assertThat(e.status()).isEqualTo("stopped"));
        assertThat(verifier.verify(run.executionId())).isEmpty();
    }


    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
