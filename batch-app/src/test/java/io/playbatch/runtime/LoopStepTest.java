package io.playbatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.ir.LoopSpec;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.RetrySpec;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.testsupport.Graphs;
import io.playbatch.testsupport.ScriptedTask;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestTasks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Loops run as one partitioned step with a bounded number of partitions, one queue row and one
 * {@code loop_iteration} per iteration, results in index order; a restart re-runs only what failed
 * (docs/dsl.md).
 */
@SpringBootTest(properties = {"playbatch.loop.partitions=4", "playbatch.queue.poll-interval=100ms"})
@Import(TestTasks.class)
class LoopStepTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }

    @Autowired
    PlaybookLauncher launcher;

    @Autowired
    EventLedger ledger;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ScriptedTask echo;

    @Autowired
    TestTasks.Switches switches;

    @Test
    void twoHundredIterationsRunInBoundedPartitionsWithResultsInIndexOrder() throws Exception {
        PlaybookGraph graph = squares("loops/squares", false);
        JobExecution execution = run(graph, launcher.nextRunId(), null);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long id = execution.getId();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ?"
                + " AND step_name LIKE 'squares:partition:%'", Integer.class, id)).isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ?",
                Integer.class, id)).as("start, loop manager, 4 partitions, end").isEqualTo(7);
        assertThat(jdbc.queryForObject("SELECT read_count FROM batch_step_execution WHERE job_execution_id = ?"
                + " AND step_name = 'squares'", Long.class, id)).isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT current_index FROM event WHERE execution_id = ?"
                + " AND event_type = 'loop_iteration' ORDER BY current_index", Integer.class, id))
                .containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ? AND status = 'done'",
                Integer.class, id)).isEqualTo(200);
        assertThat(stepData(id)).containsExactlyElementsOf(expectedSquares());

        List<StoredEvent> events = ledger.events(id);
        long loopStarted = only(events, EventType.LOOP_STARTED).eventId();
        assertThat(events).filteredOn(e -> e.type() == EventType.LOOP_ITERATION)
                .allSatisfy(e -> assertThat(e.parentEventId()).isEqualTo(loopStarted));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM queue q JOIN event i ON i.event_id = q.enqueued_event_id"
                + " WHERE q.execution_id = ? AND i.event_type = 'loop_iteration' AND q.parent_event_id = i.event_id"
                + " AND i.current_index = q.current_index", Integer.class, id))
                .as("each row's loop_iteration is its enqueue event").isEqualTo(200);
        assertThat(events).noneMatch(e -> e.type() == EventType.TASK_ENQUEUED
                || e.type() == EventType.LOOP_ITERATION_COMPLETED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event t JOIN event i ON i.event_id = t.parent_event_id"
                + " WHERE t.execution_id = ? AND t.event_type = 'task_completed' AND i.event_type = 'loop_iteration'"
                + " AND i.current_index = t.current_index", Integer.class, id))
                .as("each iteration's task_completed hangs off its loop_iteration").isEqualTo(200);
        List<StoredEvent> leases = events.stream().filter(e -> e.type() == EventType.TASK_LEASED).toList();
        assertThat(leases).allSatisfy(e -> assertThat(e.parentEventId()).isEqualTo(loopStarted))
                .hasSizeLessThan(200);
        assertThat(leases.stream().mapToInt(e -> ((List<?>) e.context().get("indexes")).size()).sum())
                .as("every iteration's lease is listed once").isEqualTo(200);
        assertThat(only(events, EventType.LOOP_COMPLETED).status()).isEqualTo("completed");
    }

    @Test
    void restartAfterFailedIterationsReRunsOnlyTheFailedOnes() throws Exception {
        switches.failing.set(true);
        PlaybookGraph graph = squares("loops/restart", true);
        long runId = launcher.nextRunId();
        JobExecution first = run(graph, runId, null);

        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ? AND status = 'dead'",
                Integer.class, first.getId())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ?"
                + " AND event_type = 'task_failed' AND status = 'dead' AND current_index IS NOT NULL", Integer.class,
                first.getId())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT error->>'message' FROM event WHERE execution_id = ?"
                + " AND event_type = 'step_failed'", String.class, first.getId())).contains("2 of 200 iterations failed")
                .contains("failed on purpose");
        assertThat(jdbc.queryForObject("SELECT error->>'message' FROM execution WHERE execution_id = ?", String.class,
                first.getId())).as("the execution's error is the loop's, not Spring Batch's partition message")
                .contains("2 of 200 iterations failed");

        switches.failing.set(false);
        JobExecution second = run(graph, runId, first.getId());

        assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(second.getJobInstance().getInstanceId()).isEqualTo(first.getJobInstance().getInstanceId());
        assertThat(jdbc.queryForList("SELECT node_id FROM queue WHERE execution_id = ? ORDER BY current_index",
                String.class, second.getId())).as("only the failed iterations ran again")
                .containsExactly("squares[7]", "squares[57]");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ?"
                + " AND step_name LIKE 'squares:partition:%'", Integer.class, second.getId()))
                .as("the completed partitions are not started again").isEqualTo(2);
        for (int i = 0; i < 200; i++) {
            assertThat(echo.runs(first.getId(), "squares[" + i + "]") + echo.runs(second.getId(), "squares[" + i + "]"))
                    .as("runs of iteration %d", i).isEqualTo(i == 7 || i == 57 ? 2 : 1);
        }
        assertThat(stepData(second.getId())).containsExactlyElementsOf(expectedSquares());
    }

    @Test
    void aSequentialLoopRunsOneIterationAtATimeInIndexOrder() throws Exception {
        Map<String, Object> workload = Map.of("numbers", IntStream.range(0, 30).boxed().toList());
        PlaybookGraph graph = Graphs.line("loops/sequential", workload, Graphs.loop("steps",
                new LoopSpec("$workload.numbers", "n", LoopSpec.Mode.SEQUENTIAL, 1), "ordered",
                Map.of("value", "$n"), RetrySpec.none()));
        JobExecution execution = run(graph, launcher.nextRunId(), null);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(switches.order).containsExactlyElementsOf(IntStream.range(0, 30).boxed().map(i -> (Object) i)
                .toList());
        assertThat(switches.maxConcurrent.get()).isOne();
    }

    private JobExecution run(PlaybookGraph graph, long runId, Long restartOf) throws Exception {
        RunRequest request = new RunRequest(graph, graph.workload(), restartOf, null, null, null);
        return launcher.launch(request, runId, factory -> Graphs.job(graph, factory, launcher.jobRepository()));
    }

    /** 200 iterations; with {@code failSome}, iterations 7 and 57 fail while the switch is on (max 1 attempt). */
    private static PlaybookGraph squares(String path, boolean failSome) {
        List<Map<String, Object>> numbers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("square", i * i);
            n.put("fail", failSome && (i == 7 || i == 57));
            numbers.add(n);
        }
        return Graphs.line(path, Map.of("numbers", numbers), Graphs.loop("squares",
                new LoopSpec("$workload.numbers", "n", LoopSpec.Mode.PARALLEL, 0), "echo",
                Map.of("value", "$n.square", "fail", "$n.fail", "index", "$index"), RetrySpec.none()));
    }

    private static List<Object> expectedSquares() {
        return IntStream.range(0, 200).boxed().map(i -> (Object) (i * i)).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Object> stepData(long executionId) {
        StoredEvent completed = only(ledger.events(executionId), EventType.STEP_COMPLETED, "squares");
        return (List<Object>) ((Map<String, Object>) completed.result()).get("data");
    }

    private static StoredEvent only(List<StoredEvent> events, EventType type) {
        return events.stream().filter(e -> e.type() == type).reduce((a, b) -> {
            throw new AssertionError("more than one " + type);
        }).orElseThrow(() -> new AssertionError("no " + type));
    }

    private static StoredEvent only(List<StoredEvent> events, EventType type, String node) {
        return only(events.stream().filter(e -> node.equals(e.nodeName())).toList(), type);
    }
}
