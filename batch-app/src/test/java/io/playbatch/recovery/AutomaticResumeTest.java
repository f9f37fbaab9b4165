package io.playbatch.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.NewEvent;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.runtime.ManagerHeartbeat;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.PlaybookFiles;
import io.playbatch.testsupport.PlaybookProcess;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Issue 12 acceptance 1 in small (docs/operations.md#automatic-resume): a child JVM manages a run
 * and is killed (kill -9); this context plays the live {@code serve} (it resumes), recovers the
 * execution and resumes it to COMPLETED with no operator action, each iteration done once over the
 * run. A playbook with {@code resume: manual}, or whose run has used its {@code max_resumes},
 * stays FAILED.
 */
@org.junit.jupiter.api.Tag("slow")
@SpringBootTest(properties = {"playbatch.recovery.resume=true", "playbatch.recovery.stale-after=1500ms",
        "playbatch.recovery.interval=300ms", "playbatch.manager.heartbeat=300ms", "playbatch.worker.lease=2s",
        "playbatch.worker.heartbeat=500ms", "playbatch.queue.poll-interval=100ms", "playbatch.loop.partitions=4"})
@Tag("slow")
class AutomaticResumeTest extends PlaybookRunTest {

    private static final TestDatabase DATABASE = TestDatabases.create();
    private static final int ITEMS = 40;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @TempDir
    Path dir;

    @Autowired
    ManagerHeartbeat heartbeat;

    @Autowired
    ExecutionResumer resumer;

    @Test
    void aKilledManagersRunIsResumedToCompletedWithNoOperatorAction() throws Exception {
        jdbc.execute("CREATE TABLE resumed_hit (idx int NOT NULL)");
        Path playbook = loop("resumed_loop", "resumed_hit", "");
        long dead = killChildAfter(playbook, "resumed_loop", 8);

        Deadline.await(Duration.ofSeconds(60), "the run of execution " + dead + " to be resumed and complete",
                () -> resumedFrom(dead).map(r -> "COMPLETED".equals(r.status())).orElse(false));

        ExecutionRecord resumed = resumedFrom(dead).orElseThrow();
        assertThat(operations.execution(dead).status()).isEqualTo("FAILED");
        StoredEvent event = operations.events(resumed.executionId()).stream()
                .filter(e -> e.type() == EventType.EXECUTION_RESUMED).reduce((a, b) -> {
                    throw new AssertionError("two execution_resumed events");
                }).orElseThrow();
        assertThat(event.context()).containsEntry("dead_execution_id", (int) dead)
                .containsEntry("new_execution_id", (int) resumed.executionId()).containsEntry("resume", 1)
                .containsEntry("max_resumes", 3).containsEntry("new_manager_id", heartbeat.managerId());
        assertThat((String) event.context().get("dead_manager_id")).isNotBlank()
                .isNotEqualTo(heartbeat.managerId());
        assertThat(operations.events(resumed.executionId())).filteredOn(e -> e.type() == EventType.EXECUTION_STARTED)
                .singleElement().satisfies(e -> assertThat(e.context()).containsEntry("via", "resume"));
        assertThat(operations.verify(resumed.executionId())).isEmpty();

        Map<Integer, Integer> runs = new HashMap<>();
        jdbc.query("SELECT idx, count(*) AS n FROM resumed_hit GROUP BY idx", rs -> {
            runs.put(rs.getInt("idx"), rs.getInt("n"));
        });
        assertThat(runs.keySet()).as("every iteration ran").containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, ITEMS).boxed().toList());
        assertThat(runs.values()).as("at most the tasks in flight at the kill ran twice")
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT current_index) FROM queue WHERE execution_id IN (?, ?)"
                + " AND node_name = 'hits' AND status = 'done'", Integer.class, dead, resumed.executionId()))
                .as("each iteration completed once over the run").isEqualTo(ITEMS);
        assertThat(operations.resumes(dead)).as("the run's resumes, seen from either execution")
                .isEqualTo(operations.resumes(resumed.executionId())).singleElement().satisfies(r -> {
                    assertThat(r.deadExecutionId()).isEqualTo(dead);
                    assertThat(r.executionId()).isEqualTo(resumed.executionId());
                    assertThat(r.number()).isEqualTo(1);
                });
    }

    @Test
    void aManualPlaybookStaysFailedAfterItsManagerDied() throws Exception {
        jdbc.execute("CREATE TABLE manual_hit (idx int NOT NULL)");
        Path playbook = loop("manual_loop", "manual_hit", "recovery: { resume: manual }\n");
        long dead = killChildAfter(playbook, "manual_loop", 1);

        assertStaysFailed(dead);
    }

    @Test
    void aRunThatUsedItsMaxResumesStaysFailed() throws Exception {
        jdbc.execute("CREATE TABLE exhausted_hit (idx int NOT NULL)");
        Path playbook = loop("exhausted_loop", "exhausted_hit", "recovery: { max_resumes: 1 }\n");
        long dead = killChildAfter(playbook, "exhausted_loop", 1, execution ->
                // The run's one resume already happened: this execution is it.
                ledger.append(NewEvent.of(execution, EventType.EXECUTION_RESUMED).status("resumed")
                        .context(Map.of("resume", 1)).build()));

        assertStaysFailed(dead);
    }

    /** Recovery ends it (FAILED, manager_dead), and a resume pass leaves it the latest of its run. */
    private void assertStaysFailed(long dead) {
        Deadline.await(Duration.ofSeconds(60), "recovery of execution " + dead,
                () -> "FAILED".equals(operations.execution(dead).status()));
        assertThat(operations.execution(dead).error()).asString().contains("manager_dead");

        assertThat(resumer.resumeDead()).as("a pass after recovery resumes nothing").isEmpty();
        assertThat(resumedFrom(dead)).isEmpty();
        assertThat(operations.execution(dead).status()).isEqualTo("FAILED");
    }

    private Path loop(String name, String table, String recovery) throws Exception {
        return PlaybookFiles.hitLoop(dir, name, table, ITEMS, recovery);
    }

    private long killChildAfter(Path playbook, String name, int doneIterations) throws Exception {
        return killChildAfter(playbook, name, doneIterations, execution -> { });
    }

    /**
     * Runs the playbook in a child JVM (a {@code run} process: it recovers but never resumes) until
     * {@code doneIterations} of its loop are done, tells {@code started} its execution, and kills it.
     */
    private long killChildAfter(Path playbook, String name, int doneIterations,
            java.util.function.LongConsumer started) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process child = PlaybookProcess.start(DATABASE, playbook, log, PlaybookProcess.fastSettings());
        long execution;
        try {
            PlaybookProcess.awaitWhileAlive(child, log, Duration.ofSeconds(120), "the child to complete "
                    + doneIterations + " iterations", () -> jdbc.queryForObject("SELECT count(*) FROM queue q"
                    + " JOIN execution e ON e.execution_id = q.execution_id WHERE e.playbook_path LIKE ?"
                    + " AND q.status = 'done'", Integer.class, "%" + name) >= doneIterations);
            execution = jdbc.queryForObject("SELECT execution_id FROM execution WHERE playbook_path LIKE ?",
                    Long.class, "%" + name);
            started.accept(execution);
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        return execution;
    }

    private java.util.Optional<ExecutionRecord> resumedFrom(long dead) {
        List<Long> ids = jdbc.queryForList("SELECT execution_id FROM execution WHERE restart_of = ?", Long.class, dead);
        return ids.stream().findFirst().flatMap(id -> java.util.Optional.of(operations.execution(id)));
    }
}
