package io.playbatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.RetrySpec;
import io.playbatch.testsupport.DatabaseRunTest;
import io.playbatch.testsupport.Graphs;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Steps that need no worker (START, END, {@code noop}, {@code log} without retry or timeout) run in
 * the manager: no queue row, no task events, and their start, end and transitions in one commit
 * (docs/compiler.md#steps-run-in-the-manager); a {@code log} with retries keeps its queue row.
 */
@SpringBootTest
class InlineStepsRunTest extends DatabaseRunTest {

    @Autowired
    PlaybookLauncher launcher;

    @Test
    void noopLogStartAndEndRunInTheManagerWithoutAQueueRow() throws Exception {
        JobExecution execution = run(Graphs.line("inline/plain", Map.of("who", "world"),
                Graphs.task("route", "noop", Map.of(), RetrySpec.none()),
                Graphs.task("say", "log", Map.of("message", "hello ${workload.who}"), RetrySpec.none())));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long id = execution.getId();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ?", Integer.class, id)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ? AND event_type LIKE 'task_%'",
                Integer.class, id)).isZero();
        assertThat(jdbc.queryForObject("SELECT result->'data'->>'message' FROM event WHERE execution_id = ?"
                + " AND event_type = 'step_completed' AND node_name = 'say'", String.class, id)).isEqualTo("hello world");
        assertThat(jdbc.queryForList("SELECT step_name FROM batch_step_execution WHERE job_execution_id = ?"
                + " ORDER BY step_execution_id", String.class, id)).containsExactly("start", "route", "say", "end");
        assertThat(verifier.verify(id)).isEmpty();
    }

    @Test
    void anInlineStepsStartEndAndTransitionCommitTogetherInLineageOrder() throws Exception {
        JobExecution execution = run(Graphs.line("inline/together", Map.of(),
                Graphs.task("route", "noop", Map.of(), RetrySpec.none())));

        long id = execution.getId();
        // now() is the transaction's start: one created_at for the three events means one transaction.
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT created_at) FROM event WHERE execution_id = ?"
                + " AND node_name = 'route' AND event_type IN ('step_started', 'step_completed', 'transition')",
                Integer.class, id)).isOne();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM event c
                JOIN event s ON s.event_id = c.parent_event_id AND s.event_type = 'step_started'
                JOIN event t ON t.parent_event_id = c.event_id AND t.event_type = 'transition'
                JOIN event i ON i.event_id = s.parent_event_id AND i.event_type = 'transition'
                WHERE c.execution_id = ? AND c.event_type = 'step_completed' AND c.node_name = 'route'
                  AND s.event_id < c.event_id AND c.event_id < t.event_id AND i.context->>'to' = 'route'
                """, Integer.class, id)).isOne();
    }

    @Test
    void anInlineStepThatFailsRecordsItsErrorAndFailsTheRun() throws Exception {
        JobExecution execution = run(Graphs.line("inline/broken", Map.of(),
                Graphs.task("say", "log", Map.of("level", "loud"), RetrySpec.none())));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        long id = execution.getId();
        assertThat(jdbc.queryForObject("SELECT error->>'type' FROM event WHERE execution_id = ?"
                + " AND event_type = 'step_failed' AND node_name = 'say'", String.class, id)).isEqualTo("bad_args");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ?", Integer.class, id)).isZero();
        assertThat(verifier.verify(id)).isEmpty();
    }

    @Test
    void aLogStepWithRetriesKeepsItsQueueRow() throws Exception {
        JobExecution execution = run(Graphs.line("inline/retried", Map.of(),
                Graphs.task("say", "log", Map.of("message", "queued"), Graphs.retry(2, 10, 1, 0))));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForList("SELECT event_type FROM event WHERE execution_id = ? AND node_name = 'say'"
                + " AND event_type LIKE 'task_%' ORDER BY event_id", String.class, execution.getId()))
                .containsExactly("task_enqueued", "task_leased", "task_completed");
    }

    private JobExecution run(PlaybookGraph graph) throws Exception {
        return launcher.launch(RunRequest.fresh(graph, graph.workload()), launcher.nextRunId(),
                factory -> Graphs.job(graph, factory, launcher.jobRepository()));
    }
}
