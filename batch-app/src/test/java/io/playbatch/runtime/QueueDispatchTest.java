package io.playbatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.RetrySpec;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.tasks.TaskResult;
import io.playbatch.testsupport.Graphs;
import io.playbatch.testsupport.ScriptedTask;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestTasks;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Steps run through the queue in the application: retries, dead rows failing the step, idempotent dispatch. */
@SpringBootTest(properties = "playbatch.queue.poll-interval=100ms")
@Import(TestTasks.class)
class QueueDispatchTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }

    @Autowired
    PlaybookLauncher launcher;

    @Autowired
    QueueTaskDispatcher dispatcher;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ScriptedTask echo;

    @Test
    void aStepFailingTwiceWithA500SucceedsOnItsThirdAttempt() throws Exception {
        JobExecution execution = run(Graphs.line("dispatch/flaky", Map.of(), Graphs.task("call", "flaky",
                Map.of("succeed_on", 3), Graphs.retry(3, 20, 2, 1000))));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForObject("SELECT attempts FROM queue WHERE execution_id = ? AND node_id = 'call'",
                Integer.class, execution.getId())).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT result->'data' #>> '{}' FROM event WHERE execution_id = ?"
                + " AND event_type = 'step_completed' AND node_name = 'call'", String.class, execution.getId()))
                .isEqualTo("succeeded on attempt 3");
        assertThat(jdbc.queryForList("SELECT event_type FROM event WHERE execution_id = ? AND node_name = 'call'"
                + " AND event_type LIKE 'task_%' ORDER BY event_id", String.class, execution.getId()))
                .containsExactly("task_enqueued", "task_leased", "task_failed", "task_retry_scheduled", "task_leased",
                        "task_failed", "task_retry_scheduled", "task_leased", "task_completed");
    }

    @Test
    void aStepFailingEveryAttemptEndsDeadAndFailsWithTheLastError() throws Exception {
        JobExecution execution = run(Graphs.line("dispatch/broken", Map.of(), Graphs.task("call", "broken",
                Map.of(), Graphs.retry(2, 10, 1, 0))));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(jdbc.queryForObject("SELECT status FROM queue WHERE execution_id = ?", String.class,
                execution.getId())).isEqualTo("dead");
        assertThat(jdbc.queryForObject("SELECT error->>'message' FROM event WHERE execution_id = ?"
                + " AND event_type = 'step_failed'", String.class, execution.getId())).isEqualTo("HTTP 503 on attempt 2");
        assertThat(jdbc.queryForObject("SELECT exit_message FROM batch_step_execution WHERE job_execution_id = ?"
                + " AND step_name = 'call'", String.class, execution.getId())).contains("HTTP 503 on attempt 2");
    }

    @Autowired
    TestTasks.Switches switches;

    @Test
    void anAttemptOverItsTimeoutIsInterruptedAndFailedThenRetried() throws Exception {
        JobExecution execution = run(Graphs.line("dispatch/slow", Map.of(), Graphs.timed(Graphs.task("wait", "sleepy",
                Map.of("ms", 600_000), Graphs.retry(2, 10, 1, 0)), java.time.Duration.ofMillis(300))));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(switches.interrupted.get()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT status FROM queue WHERE execution_id = ?", String.class,
                execution.getId())).isEqualTo("dead");
        assertThat(jdbc.queryForObject("SELECT task->>'timeout_ms' FROM queue WHERE execution_id = ?", String.class,
                execution.getId())).isEqualTo("300");
        assertThat(jdbc.queryForList("SELECT error->>'type' FROM event WHERE execution_id = ?"
                + " AND event_type = 'task_failed' ORDER BY event_id", String.class, execution.getId()))
                .containsExactly("timeout", "timeout");
        assertThat(jdbc.queryForObject("SELECT error->>'message' FROM event WHERE execution_id = ?"
                + " AND event_type = 'step_failed'", String.class, execution.getId()))
                .contains("exceeded its timeout of 300 ms");
    }

    @Test
    void aTaskDispatchedAgainInTheSameExecutionReturnsTheStoredResultWithoutRunning() throws Exception {
        JobExecution execution = run(Graphs.line("dispatch/once", Map.of(), Graphs.task("say", "echo",
                Map.of("value", "hello"), RetrySpec.none())));
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(echo.runs(execution.getId(), "say")).isOne();

        long cause = jdbc.queryForObject("SELECT event_id FROM event WHERE execution_id = ? AND event_type = 'step_started'"
                + " AND node_name = 'say'", Long.class, execution.getId());
        TaskResult again = dispatcher.dispatch(execution.getId(), "say", "say",
                new RenderedTask("echo", Map.of("value", "hello")), RetrySpec.none(), cause);

        assertThat(again.ok()).isTrue();
        assertThat(again.data()).isEqualTo("hello");
        assertThat(echo.runs(execution.getId(), "say")).isOne();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ? AND event_type = 'task_enqueued'",
                Integer.class, execution.getId())).isOne();
    }

    private JobExecution run(PlaybookGraph graph) throws Exception {
        return launcher.launch(RunRequest.fresh(graph, graph.workload()), launcher.nextRunId(),
                factory -> Graphs.job(graph, factory, launcher.jobRepository()));
    }
}
