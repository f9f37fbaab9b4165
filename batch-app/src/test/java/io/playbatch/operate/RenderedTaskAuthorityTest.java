package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.queue.QueueNotifications;
import io.playbatch.queue.WorkQueue;
import io.playbatch.report.RunSummary;
import io.playbatch.tasks.TaskRunner;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.worker.QueueWorker;
import io.playbatch.worker.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The task rendered on the server and stored in the queue is the only thing a worker executes
 * (docs/dsl.md#templates): changing the workload after the task was enqueued changes nothing.
 */
@SpringBootTest(properties = "playbatch.worker.enabled=false")
class RenderedTaskAuthorityTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }

    @Autowired
    OperationsService operations;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    WorkQueue queue;

    @Autowired
    TaskRunner runner;

    @Autowired
    QueueNotifications notifications;

    @Test
    void workerRunsTheStoredRenderedTaskNotTheCurrentWorkload() throws Exception {
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return operations.start(Path.of("src/test/resources/playbooks/rendered-authority.yaml"), Map.of());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long executionId = awaitQueued();
        jdbc.update("UPDATE workload SET data = '{\"greeting\": \"changed later\"}'::jsonb WHERE execution_id = ?",
                executionId);

        QueueWorker worker = new QueueWorker(queue, runner, notifications, new WorkerSettings(1, 1,
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(2)),
                "authority-test", () -> false);
        worker.start();
        try {
            RunSummary summary = run.get(60, TimeUnit.SECONDS);
            assertThat(summary.status()).isEqualTo("COMPLETED");
            assertThat(summary.result()).isEqualTo("rendered at enqueue");
        } finally {
            worker.stop();
        }
    }

    /** Waits for the step's rendered task to be on the queue and returns its execution. */
    private long awaitQueued() {
        String queued = "SELECT execution_id FROM queue WHERE node_id = 'say' AND status = 'queued'";
        Deadline.await(Duration.ofSeconds(60), "the step's task to be enqueued",
                () -> !jdbc.queryForList(queued, Long.class).isEmpty());
        long executionId = jdbc.queryForObject(queued, Long.class);
        assertThat(jdbc.queryForObject("SELECT task->'args'->>'message' FROM queue WHERE execution_id = ?"
                + " AND node_id = 'say'", String.class, executionId)).isEqualTo("rendered at enqueue");
        return executionId;
    }
}
