package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.PlaybatchApplication;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.NoSuchExecutionException;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.PlaybookFiles;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Graceful stop (docs/operations.md): requested from any process, the running execution dispatches
 * nothing new, lets what runs finish, ends STOPPED in Spring Batch and the ledger alike, and its
 * restart runs the rest, each task exactly once over the run.
 */
@SpringBootTest(properties = {"playbatch.loop.partitions=4", "playbatch.queue.poll-interval=100ms",
        "playbatch.manager.heartbeat=200ms"})
class StopTest extends PlaybookRunTest {

    private static final TestDatabase DATABASE = TestDatabases.create();
    private static final int ITERATIONS = 200;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @TempDir
    Path dir;

    @Test
    void aLoopStoppedFromAnotherProcessContextEndsStoppedAndItsRestartRunsTheRestExactlyOnce() throws Exception {
        jdbc.execute("CREATE TABLE loop_hit (idx int NOT NULL)");
        Path playbook = PlaybookFiles.write(dir, "stop_loop", """
                workload:
                  items: %s
                workflow:
                  - step: start
                    next: [ hits ]
                  - step: hits
                    loop: { over: "$workload.items", as: item, mode: parallel, max_parallel: 4 }
                    type: sql
                    args:
                      connection: default
                      statement: "insert into loop_hit (idx) select :idx from pg_sleep(0.05)"
                      params: { idx: "$index" }
                    on_failure: { step: handler, then: fail }
                    next: [ end ]
                  - step: handler
                    type: log
                    args: { message: "must not run on a stop" }
                  - step: end
                """.formatted(IntStream.range(0, ITERATIONS).boxed().toList()));
        // Another process on the same database asks for the stop: only the database carries it. It is up
        // before the run starts, so the stop lands in the middle of the loop however slow the machine.
        Map<String, Object> other = new LinkedHashMap<>(DATABASE.springProperties());
        other.put("playbatch.worker.enabled", "false");
        other.put("playbatch.recovery.enabled", "false");
        RunHandle run;
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(PlaybatchApplication.class)
                .web(WebApplicationType.NONE).properties(other).logStartupInfo(false).run()) {
            run = operations.submit(playbook, Map.of(), "cli", null);
            Deadline.await(Duration.ofSeconds(60), "some iterations done", () -> doneRows(run.executionId()) >= 20);
            second.getBean(OperationsService.class).stop(run.executionId());
        }
        Deadline.await(Duration.ofSeconds(30), "the execution to end STOPPED",
                () -> "STOPPED".equals(operations.execution(run.executionId()).status()));

        long id = run.executionId();
        assertThat(batchStatus(id)).as("Spring Batch agrees").isEqualTo("STOPPED");
        int done = doneRows(id);
        assertThat(done).as("stopped before the end").isLessThan(ITERATIONS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM loop_hit", Integer.class))
                .as("every task that ran finished and was recorded: nothing left in flight").isEqualTo(done);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ? AND status IN"
                + " ('queued', 'leased')", Integer.class, id)).isZero();
        List<StoredEvent> events = ledger.events(id);
        assertThat(events).filteredOn(e -> e.type() == EventType.EXECUTION_COMPLETE).singleElement()
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo("STOPPED");
                    assertThat(((Map<?, ?>) e.error()).get("type")).isEqualTo("stopped");
                });
        assertThat(events).filteredOn(e -> e.type() == EventType.STEP_FAILED).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo("stopped"));
        assertThat(events).filteredOn(e -> e.type() == EventType.LOOP_COMPLETED).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo("stopped"));
        assertThat(events).as("a stop is not a failure to handle").noneMatch(e -> "handler".equals(e.nodeName()));
        assertThat(verifier.verify(id)).isEmpty();
        assertThatThrownBy(() -> operations.stop(id)).isInstanceOf(ExecutionStateException.class)
                .hasMessageContaining("is STOPPED, not running");

        RunSummary restarted = operations.restart(id);
        assertThat(restarted.status()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM loop_hit", Integer.class)).isEqualTo(ITERATIONS);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT idx) FROM loop_hit", Integer.class))
                .as("each iteration ran exactly once over the stop and the restart").isEqualTo(ITERATIONS);
        assertThat(ledger.events(restarted.executionId())).filteredOn(e -> e.type() == EventType.LOOP_STARTED)
                .singleElement().satisfies(e -> assertThat(e.context()).containsEntry("carried_over", done));
        assertThat(verifier.verify(restarted.executionId())).isEmpty();
    }

    @Test
    void aSequentialLoopStoppedInItsFirstPartitionCountsTheLaterPartitionsAsNotStarted() throws Exception {
        jdbc.execute("CREATE TABLE seq_hit (idx int NOT NULL)");
        int items = 40;
        Path playbook = PlaybookFiles.write(dir, "stop_sequential", """
                workload:
                  items: %s
                workflow:
                  - step: start
                    next: [ hits ]
                  - step: hits
                    loop: { over: "$workload.items", as: item, mode: sequential }
                    type: sql
                    args:
                      connection: default
                      statement: "insert into seq_hit (idx) select :idx from pg_sleep(0.2)"
                      params: { idx: "$index" }
                    next: [ end ]
                  - step: end
                """.formatted(IntStream.range(0, items).boxed().toList()));
        RunHandle run = operations.submit(playbook, Map.of(), "cli", null);
        long id = run.executionId();
        Deadline.await(Duration.ofSeconds(30), "the first iteration to be leased", () -> jdbc.queryForObject(
                "SELECT count(*) FROM queue WHERE execution_id = ? AND node_name = 'hits'", Integer.class, id) > 0);
        // Spring Batch interrupts the partitions that start after this before their tasklet runs.
        operations.stop(id);
        Deadline.await(Duration.ofSeconds(30), "the execution to end STOPPED",
                () -> "STOPPED".equals(operations.execution(id).status()));

        assertThat(batchStatus(id)).isEqualTo("STOPPED");
        int done = jdbc.queryForObject("SELECT count(*) FROM seq_hit", Integer.class);
        assertThat(done).as("the stop came in the first of four partitions").isLessThan(items / 4);
        assertThat(ledger.events(id)).filteredOn(e -> e.type() == EventType.LOOP_COMPLETED).singleElement()
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo("stopped");
                    assertThat(e.context()).as("every iteration is done or not started")
                            .containsEntry("not_started", items - done);
                });
        assertThat(ledger.events(id)).filteredOn(e -> e.type() == EventType.STEP_FAILED).singleElement()
                .satisfies(e -> assertThat(((Map<?, ?>) e.error()).get("message")).isEqualTo("loop hits stopped on"
                        + " request: " + (items - done) + " of " + items + " iterations not started; restart the"
                        + " execution to run them"));

        RunSummary restarted = operations.restart(id);
        assertThat(restarted.status()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT idx) || '/' || count(*) FROM seq_hit", String.class))
                .as("each iteration ran exactly once over the stop and the restart").isEqualTo(items + "/" + items);
    }

    @Test
    void aStepRunningWhenTheStopComesFinishesAndIsNotRunAgainOnRestart() throws Exception {
        jdbc.execute("CREATE TABLE step_hit (step text NOT NULL)");
        Path playbook = PlaybookFiles.write(dir, "stop_line", """
                workflow:
                  - step: start
                    next: [ slow ]
                  - step: slow
                    type: sql
                    args: { connection: default, statement: "insert into step_hit select 'slow' from pg_sleep(1.5)" }
                    next: [ after ]
                  - step: after
                    type: sql
                    args: { connection: default, statement: "insert into step_hit values ('after')" }
                    next: [ end ]
                  - step: end
                """);
        RunHandle run = operations.submit(playbook, Map.of(), "cli", null);
        Deadline.await(Duration.ofSeconds(30), "slow to be leased", () -> jdbc.queryForObject(
                "SELECT count(*) FROM queue WHERE execution_id = ? AND node_id = 'slow' AND status = 'leased'",
                Integer.class, run.executionId()) == 1);

        operations.stop(run.executionId());
        Deadline.await(Duration.ofSeconds(30), "the execution to end STOPPED",
                () -> "STOPPED".equals(operations.execution(run.executionId()).status()));

        assertThat(batchStatus(run.executionId())).isEqualTo("STOPPED");
        assertThat(hits("slow")).as("the running task finished").isOne();
        assertThat(hits("after")).as("nothing new started").isZero();
        assertThat(ledger.events(run.executionId())).filteredOn(e -> e.type() == EventType.STEP_COMPLETED)
                .extracting(StoredEvent::nodeName).contains("slow");

        RunSummary restarted = operations.restart(run.executionId());
        assertThat(restarted.status()).isEqualTo("COMPLETED");
        assertThat(hits("slow")).as("a completed task never runs again").isOne();
        assertThat(hits("after")).isOne();
        assertThat(restarted.steps()).extracting(RunSummary.StepLine::name, RunSummary.StepLine::status)
                .contains(org.assertj.core.groups.Tuple.tuple("slow", "reused"),
                        org.assertj.core.groups.Tuple.tuple("after", "completed"));
        assertThat(verifier.verify(restarted.executionId())).isEmpty();
    }

    @Test
    void stopRefusesAnExecutionThatIsNotRunning() throws Exception {
        Path playbook = PlaybookFiles.write(dir, "stop_done", """
                workflow:
                  - step: start
                    next: [ end ]
                  - step: end
                """);
        RunSummary done = operations.start(playbook, Map.of());
        assertThatThrownBy(() -> operations.stop(done.executionId())).isInstanceOf(ExecutionStateException.class)
                .hasMessage("execution " + done.executionId() + " is COMPLETED, not running; only a STARTING or"
                        + " STARTED execution can be stopped");
        assertThatThrownBy(() -> operations.stop(987_654_321L)).isInstanceOf(NoSuchExecutionException.class);
    }


    private int doneRows(long executionId) {
        return jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ? AND node_name = 'hits'"
                + " AND status = 'done'", Integer.class, executionId);
    }

    private String batchStatus(long executionId) {
        return jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class,
                executionId);
    }

    private int hits(String step) {
        return jdbc.queryForObject("SELECT count(*) FROM step_hit WHERE step = ?", Integer.class, step);
    }
}
