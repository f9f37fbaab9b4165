package io.playbatch.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.queue.Backoff;
import io.playbatch.queue.Completion;
import io.playbatch.queue.EnqueueRequest;
import io.playbatch.queue.LeasedItem;
import io.playbatch.queue.QueueOutcome;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;
import io.playbatch.tasks.TaskResult;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.QueueKit;
import io.playbatch.testsupport.ScriptedTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Workers sharing one queue: exactly-once completion, lease expiry, retries with backoff, dead rows. */
class QueueWorkerTest {

    private QueueKit kit;
    private long executionId;

    @BeforeEach
    void setUp() {
        kit = QueueKit.create();
        executionId = kit.execution();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    @Test
    void concurrentLeasesNeverHandOutARowTwice() throws Exception {
        enqueue("noop", 1000, 1, Backoff.NONE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> leasers = new ArrayList<>();
        // Every leaser holds its first batch before any takes a second, so all four race on the rest
        // however the threads are scheduled (4 x 37 rows leaves most of the 1000 to race for).
        java.util.concurrent.CountDownLatch allLeasedOnce = new java.util.concurrent.CountDownLatch(4);
        for (int w = 0; w < 4; w++) {
            String owner = "leaser-" + w;
            leasers.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                List<LeasedItem> batch = kit.queue.lease(owner, 37, Duration.ofMinutes(1));
                batch.forEach(item -> mine.add(item.queueId()));
                allLeasedOnce.countDown();
                allLeasedOnce.await(60, TimeUnit.SECONDS);
                while (!(batch = kit.queue.lease(owner, 37, Duration.ofMinutes(1))).isEmpty()) {
                    batch.forEach(item -> mine.add(item.queueId()));
                }
                return mine;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> leaser : leasers) {
            all.addAll(leaser.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(all).hasSize(1000).doesNotHaveDuplicates();
        assertThat(kit.jdbc.queryForObject("SELECT count(DISTINCT lease_owner) FROM queue", Integer.class)).isEqualTo(4);
    }

    @Test
    void recoveryBuriesNothingWhileAWorkerHoldsALiveLeaseAndEverythingOnceItLapsed() {
        enqueue("held", 1, 1, Backoff.NONE);
        enqueue("waiting", 1, 1, Backoff.NONE);
        assertThat(kit.queue.lease("worker", 1, Duration.ofMinutes(1))).hasSize(1);

        assertThat(kit.queue.buryUnlessLeased(executionId, Map.of("type", "execution_recovered"))).isEmpty();
        assertThat(count("status = 'dead'")).as("nothing changes while a lease is live").isZero();

        kit.jdbc.update("UPDATE queue SET lease_expires_at = now() - INTERVAL '1 second' WHERE status = 'leased'");
        assertThat(kit.queue.buryUnlessLeased(executionId, Map.of("type", "execution_recovered")))
                .hasValue(2);
        assertThat(count("status = 'dead' AND error->>'type' = 'execution_recovered'")).isEqualTo(2);
    }

    @Test
    void fourWorkersCompleteAThousandItemsExactlyOnce() {
        ScriptedTask work = new ScriptedTask("work", (task, context) -> Map.of("node", context.nodeId()));
        for (int w = 0; w < 4; w++) {
            kit.worker("w" + w, QueueKit.settings(2, 25), work);
        }
        enqueue("work", 1000, 1, Backoff.NONE);

        Deadline.await(Duration.ofSeconds(60), "1000 rows done", () -> count("status = 'done'") == 1000);
        assertThat(work.totalRuns()).isEqualTo(1000);
        assertThat(work.runsByNode().values()).allSatisfy(runs -> assertThat(runs.get()).isOne());
        assertThat(count("attempts = 1")).isEqualTo(1000);
        assertThat(events("task_completed")).isEqualTo(1000);
        assertThat(events("task_leased")).isEqualTo(1000);
        assertThat(kit.jdbc.queryForObject("SELECT count(DISTINCT worker_id) FROM event WHERE event_type = 'task_completed'",
                Integer.class)).as("work shared among the workers").isGreaterThan(1);
        assertThat(kit.jdbc.queryForObject("SELECT count(*) FROM event c JOIN queue q ON q.enqueued_event_id = c.parent_event_id"
                + " WHERE c.event_type = 'task_completed' AND c.node_id = q.node_id", Integer.class))
                .as("task_completed hangs off its task_enqueued").isEqualTo(1000);
        assertThat(kit.counter("playbatch.queue.completed")).isEqualTo(1000);
        assertThat(kit.meters.timer("playbatch.queue.enqueue_to_complete").count()).isEqualTo(1000);
        assertThat(kit.counter("playbatch.queue.completion.refused")).isZero();
    }

    @Test
    void aStalledWorkersLeaseExpiresAnotherWorkerCompletesAndTheLateCompletionIsRefused() throws Exception {
        CountDownLatch stalledStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ScriptedTask stalls = new ScriptedTask("work", (task, context) -> {
            stalledStarted.countDown();
            release.await(60, TimeUnit.SECONDS);
            return "late";
        });
        QueueWorker stalled = kit.worker("stalled", new WorkerSettings(1, 1, Duration.ofSeconds(1),
                Duration.ofMillis(300), Duration.ofMillis(100), Duration.ZERO), stalls);
        enqueue("work", 1, 3, Backoff.NONE);
        assertThat(stalledStarted.await(30, TimeUnit.SECONDS)).isTrue();
        // Mid-task, its heartbeat thread dies: the task goes on, the lease is no longer extended.
        stalled.stopHeartbeats();

        ScriptedTask healthy = new ScriptedTask("work", (task, context) -> "on time");
        kit.worker("healthy", QueueKit.settings(1, 10), healthy);

        Deadline.await(Duration.ofSeconds(30), "the row done by the healthy worker", () -> count("status = 'done'") == 1);
        release.countDown();
        Deadline.await(Duration.ofSeconds(30), "the late completion refused",
                () -> kit.counter("playbatch.queue.completion.refused") == 1);

        assertThat(kit.jdbc.queryForObject("SELECT result->>'data' FROM queue", String.class)).isEqualTo("on time");
        assertThat(kit.jdbc.queryForObject("SELECT attempts FROM queue", Integer.class)).isEqualTo(2);
        assertThat(events("lease_expired")).isOne();
        assertThat(events("task_completed")).isOne();
        assertThat(kit.jdbc.queryForObject("SELECT worker_id FROM event WHERE event_type = 'task_completed'",
                String.class)).isEqualTo("test:healthy");
        assertThat(kit.jdbc.queryForObject("SELECT worker_id FROM event WHERE event_type = 'lease_expired'",
                String.class)).isEqualTo(stalled.workerId());
        assertThat(healthy.totalRuns()).isOne();
        assertThat(kit.counter("playbatch.queue.expired")).isOne();
    }

    @Test
    void anExpiredLeaseWithoutAttemptsLeftEndsDeadAndItsWaiterIsTold() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        QueueWorker stalled = kit.worker("stalled", new WorkerSettings(1, 1, Duration.ofMillis(500),
                Duration.ofMillis(200), Duration.ofMillis(100), Duration.ZERO),
                new ScriptedTask("work", (task, context) -> {
                    started.countDown();
                    release.await(60, TimeUnit.SECONDS);
                    return "late";
                }));
        CompletableFuture<QueueOutcome> outcome = kit.registry.register(
                new io.playbatch.queue.QueueKey(executionId, "work"));
        enqueue("work", 1, 1, Backoff.NONE);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        stalled.stopHeartbeats();

        Deadline.await(Duration.ofSeconds(30), "the expired lease reaped", () -> kit.queue.expireLeases(10) > 0
                || outcome.isDone());
        QueueOutcome dead = outcome.get(30, TimeUnit.SECONDS);
        release.countDown();

        assertThat(dead.done()).isFalse();
        assertThat(dead.result().errorType()).isEqualTo("lease_expired");
        assertThat(kit.jdbc.queryForObject("SELECT status FROM queue", String.class)).isEqualTo("dead");
        assertThat(kit.jdbc.queryForObject("SELECT status FROM event WHERE event_type = 'lease_expired'",
                String.class)).isEqualTo("dead");
        Deadline.await(Duration.ofSeconds(30), "the late completion refused",
                () -> kit.counter("playbatch.queue.completion.refused") == 1);
        assertThat(kit.jdbc.queryForObject("SELECT status FROM queue", String.class)).isEqualTo("dead");
        assertThat(kit.counter("playbatch.queue.dead")).isOne();
    }

    @Test
    void loopIterationsLeasedTogetherShareOneLeaseEventAndAnExpiredLeaseIsNeverCompletedTwice() {
        long loopStarted = kit.ledger.append(NewEvent.of(executionId, EventType.LOOP_STARTED).node("cities", "loop")
                .build()).eventId();
        List<NewEvent> iterations = new ArrayList<>();
        List<EnqueueRequest> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            iterations.add(NewEvent.of(executionId, EventType.LOOP_ITERATION).node("cities", "loop")
                    .nodeId("cities[" + i + "]").index(i).parent(loopStarted).status("dispatched").build());
            requests.add(new EnqueueRequest(executionId, "cities[" + i + "]", "cities", i,
                    new RenderedTask("noop", Map.of()), 2, Backoff.NONE, 0, null));
        }
        kit.queue.enqueueIterations(iterations, requests);

        List<LeasedItem> first = kit.queue.lease("a", 10, Duration.ofMinutes(1));
        assertThat(first).hasSize(3).allSatisfy(item -> assertThat(item.loopStartedEventId()).isEqualTo(loopStarted));
        assertThat(kit.jdbc.queryForList("SELECT parent_event_id FROM event WHERE event_type = 'task_leased'",
                Long.class)).as("one lease event for the loop").containsExactly(loopStarted);
        assertThat(kit.jdbc.queryForObject("SELECT string_agg(i, ',' ORDER BY i) FROM event,"
                + " jsonb_array_elements_text(context->'indexes') AS i WHERE event_type = 'task_leased'",
                String.class)).isEqualTo("0,1,2");

        kit.jdbc.update("UPDATE queue SET lease_expires_at = now() - INTERVAL '1 second' WHERE node_id = 'cities[0]'");
        assertThat(kit.queue.expireLeases(10)).isOne();
        List<LeasedItem> second = kit.queue.lease("b", 10, Duration.ofMinutes(1));
        assertThat(second).extracting(LeasedItem::nodeId).containsExactly("cities[0]");
        kit.queue.complete("a", first.stream().map(item -> new Completion(item, TaskResult.ok("a", 1, 1, "a")))
                .toList());
        kit.queue.complete("b", List.of(new Completion(second.get(0), TaskResult.ok("b", 1, 2, "b"))));

        assertThat(kit.counter("playbatch.queue.completion.refused")).as("a's late completion of cities[0]").isOne();
        assertThat(kit.jdbc.queryForList("SELECT c.worker_id FROM event c JOIN event i ON i.event_id = c.parent_event_id"
                + " WHERE c.event_type = 'task_completed' AND i.event_type = 'loop_iteration'"
                + " AND i.current_index = c.current_index ORDER BY c.current_index", String.class))
                .as("one completion per iteration, under its loop_iteration").containsExactly("b", "a", "a");
        assertThat(kit.jdbc.queryForObject("SELECT i.current_index FROM event x JOIN event i"
                + " ON i.event_id = x.parent_event_id WHERE x.event_type = 'lease_expired'", Integer.class)).isZero();
        assertThat(events("task_enqueued")).isZero();
    }

    @Test
    void aTaskFailingTwiceIsRetriedWithBackoffAndSucceedsOnTheThirdAttempt() {
        ScriptedTask flaky = new ScriptedTask("flaky", (task, context) -> {
            if (context.attempt() < 3) {
                throw new TaskFailure("http_500", "server error on attempt " + context.attempt());
            }
            return "ok on " + context.attempt();
        });
        kit.worker("w", QueueKit.settings(2, 10), flaky);
        CompletableFuture<QueueOutcome> outcome = kit.registry.register(
                new io.playbatch.queue.QueueKey(executionId, "flaky"));
        kit.queue.enqueue(List.of(new EnqueueRequest(executionId, "flaky", "flaky", null,
                new RenderedTask("flaky", Map.of()), 3, new Backoff(50, 2, 1000), 0, null)));

        QueueOutcome done = outcome.join();
        assertThat(done.done()).isTrue();
        assertThat(done.result().data()).isEqualTo("ok on 3");
        assertThat(done.result().attempt()).isEqualTo(3);
        assertThat(events("task_failed")).isEqualTo(2);
        assertThat(kit.jdbc.queryForList("SELECT (context->>'delay_ms')::int FROM event"
                + " WHERE event_type = 'task_retry_scheduled' ORDER BY event_id", Integer.class))
                .containsExactly(50, 100);
        assertThat(events("task_completed")).isOne();
        assertThat(kit.counter("playbatch.queue.failed")).isEqualTo(2);
    }

    @Test
    void aTaskFailingEveryAttemptEndsDeadWithTheLastError() {
        ScriptedTask failing = new ScriptedTask("failing", (task, context) -> {
            throw new TaskFailure("http_503", "unavailable on attempt " + context.attempt());
        });
        kit.worker("w", QueueKit.settings(2, 10), failing);
        CompletableFuture<QueueOutcome> outcome = kit.registry.register(
                new io.playbatch.queue.QueueKey(executionId, "failing"));
        kit.queue.enqueue(List.of(new EnqueueRequest(executionId, "failing", "failing", null,
                new RenderedTask("failing", Map.of()), 3, new Backoff(10, 1, 0), 0, null)));

        QueueOutcome dead = outcome.join();
        assertThat(dead.done()).isFalse();
        assertThat(dead.result().errorType()).isEqualTo("http_503");
        assertThat(dead.result().errorMessage()).isEqualTo("unavailable on attempt 3");
        assertThat(kit.jdbc.queryForObject("SELECT status FROM queue", String.class)).isEqualTo("dead");
        assertThat(kit.jdbc.queryForObject("SELECT error->>'message' FROM queue", String.class))
                .isEqualTo("unavailable on attempt 3");
        assertThat(events("task_failed")).isEqualTo(3);
        assertThat(events("task_retry_scheduled")).isEqualTo(2);
        assertThat(failing.totalRuns()).isEqualTo(3);
        assertThat(kit.counter("playbatch.queue.dead")).isOne();
    }

    @Test
    void idsNearTheSignedSixtyFourBitLimitGoThroughEnqueueLeaseCompleteAndEvents() {
        long execution = Long.MAX_VALUE - 5;
        kit.jdbc.update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)"
                + " VALUES (?, 0, 'big', 'big')", Long.MAX_VALUE - 5);
        kit.jdbc.update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time)"
                + " VALUES (?, 0, ?, now())", execution, Long.MAX_VALUE - 5);
        kit.jdbc.update("INSERT INTO execution (execution_id, run_id, playbook_path, playbook_revision, status)"
                + " VALUES (?, ?, 'big', ?, 'STARTED')", execution, Long.MAX_VALUE - 5,
                io.playbatch.testsupport.TestExecutions.revision(kit.jdbc, "big"));
        kit.jdbc.execute("ALTER TABLE event ALTER COLUMN event_id RESTART WITH 9223372036854775000");
        kit.jdbc.execute("ALTER TABLE queue ALTER COLUMN queue_id RESTART WITH 9223372036854775700");
        long cause = kit.ledger.append(io.playbatch.ledger.NewEvent.of(execution,
                io.playbatch.ledger.EventType.STEP_STARTED).node("big", "task").build()).eventId();

        ScriptedTask work = new ScriptedTask("work", (task, context) -> context.executionId());
        kit.worker("w", QueueKit.settings(1, 10), work);
        CompletableFuture<QueueOutcome> outcome = kit.registry.register(new io.playbatch.queue.QueueKey(execution, "big"));
        long queueId = kit.queue.enqueue(List.of(new EnqueueRequest(execution, "big", "big", null,
                new RenderedTask("work", Map.of()), 1, Backoff.NONE, 0, cause))).get(0).queueId();
        QueueOutcome done = outcome.join();

        assertThat(queueId).isEqualTo(9223372036854775700L);
        assertThat(done.queueId()).isEqualTo(queueId);
        assertThat(((Number) done.result().data()).longValue()).isEqualTo(execution);
        assertThat(kit.jdbc.queryForObject("SELECT context->>'queue_id' FROM event WHERE event_type = 'task_enqueued'",
                String.class)).isEqualTo("9223372036854775700");
        assertThat(kit.jdbc.queryForObject("SELECT parent_event_id FROM event WHERE event_type = 'task_enqueued'",
                Long.class)).isEqualTo(cause).isGreaterThanOrEqualTo(9223372036854775000L);
        Long enqueued = kit.jdbc.queryForObject("SELECT enqueued_event_id FROM queue", Long.class);
        assertThat(kit.jdbc.queryForList("SELECT parent_event_id FROM event WHERE event_type IN ('task_leased',"
                + " 'task_completed')", Long.class)).hasSize(2).containsOnly(enqueued);
        assertThat(kit.jdbc.queryForList("SELECT execution_id FROM event", Long.class)).containsOnly(execution);
    }

    private void enqueue(String type, int count, int maxAttempts, Backoff backoff) {
        List<EnqueueRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String nodeId = count == 1 ? type : type + "[" + i + "]";
            batch.add(new EnqueueRequest(executionId, nodeId, type, count == 1 ? null : i,
                    new RenderedTask(type, Map.of("i", i)), maxAttempts, backoff, 0, null));
            if (batch.size() == 200) {
                kit.queue.enqueue(batch);
                batch = new ArrayList<>();
            }
        }
        kit.queue.enqueue(batch);
    }

    private int count(String where) {
        return kit.jdbc.queryForObject("SELECT count(*) FROM queue WHERE " + where, Integer.class);
    }

    private int events(String type) {
        return kit.jdbc.queryForObject("SELECT count(*) FROM event WHERE event_type = ?", Integer.class, type);
    }

    @SuppressWarnings("unused")
    private static Set<Long> unique(List<Long> ids) {
        return new HashSet<>(ids);
    }
}
