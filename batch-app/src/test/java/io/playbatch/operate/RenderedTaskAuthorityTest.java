package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.queue.QueueNotifications;
import io.playbatch.queue.WorkQueue;
import io.playbatch.tasks.TaskRunner;
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
 * (DESIGN.md §8): changing the workload after the task was enqueued changes nothing.
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
                "authority-test");
        worker.start();
        try {
            RunSummary summary = run.get(60, TimeUnit.SECONDS);
            assertThat(summary.status()).isEqualTo("COMPLETED");
            assertThat(summary.result()).isEqualTo("rendered at enqueue");
        } finally {
            worker.stop();
        }
    }

    /** Waits, with a deadline, for the step's rendered task to be on the queue; returns its execution. */
    private long awaitQueued() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            var rows = jdbc.queryForList("SELECT execution_id, task->'args'->>'message' AS message FROM queue"
                    + " WHERE node_id = 'say' AND status = 'queued'");
            if (!rows.isEmpty()) {
                assertThat(rows.get(0).get("message")).isEqualTo("rendered at enqueue");
                return ((Number) rows.get(0).get("execution_id")).longValue();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the step's task was never enqueued");
    }
}
