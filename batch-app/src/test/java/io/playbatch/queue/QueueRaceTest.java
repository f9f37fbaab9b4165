package io.playbatch.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.AppendResult;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.testsupport.QueueKit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads doing the same thing at the same instant: the unique indexes decide, every thread
 * gets the one row's id back, and nobody sees an exception (docs/database.md).
 */
class QueueRaceTest {

    private static final int THREADS = 10;

    private QueueKit kit;
    private ExecutorService pool;
    private long executionId;

    @BeforeEach
    void setUp() {
        kit = QueueKit.create();
        pool = Executors.newFixedThreadPool(THREADS);
        executionId = kit.execution();
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        kit.close();
    }

    @Test
    void concurrentEnqueuesOfOneNodeLeaveOneRowAndOneEnqueuedEvent() throws Exception {
        List<Enqueued> results = race(() -> kit.queue.enqueue(List.of(request("fetch", null))).get(0));

        assertThat(kit.jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ? AND node_id = 'fetch'",
                Integer.class, executionId)).isOne();
        assertThat(results).extracting(Enqueued::queueId).containsOnly(results.get(0).queueId());
        assertThat(results).filteredOn(r -> !r.deduplicated()).hasSize(1);
        assertThat(kit.jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ?"
                + " AND event_type = 'task_enqueued'", Integer.class, executionId)).isOne();
        assertThat(kit.counter("playbatch.queue.enqueued")).isEqualTo(1);
    }

    @Test
    void concurrentBatchesOfOverlappingIterationsEnqueueEachIterationOnce() throws Exception {
        race(() -> {
            List<EnqueueRequest> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(request("cities[" + i + "]", i));
            }
            return kit.queue.enqueue(batch).get(0);
        });
        assertThat(kit.jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ?", Integer.class,
                executionId)).isEqualTo(50);
        assertThat(kit.jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ?"
                + " AND event_type = 'task_enqueued'", Integer.class, executionId)).isEqualTo(50);
        assertThat(kit.jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ?"
                + " AND enqueued_event_id IS NULL", Integer.class, executionId)).isZero();
    }

    @Test
    void concurrentIterationBatchesWriteEachLoopIterationAndRowOnceWithNoTaskEnqueued() throws Exception {
        List<List<Enqueued>> results = race(() -> {
            List<NewEvent> iterations = new ArrayList<>();
            List<EnqueueRequest> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                iterations.add(NewEvent.of(executionId, EventType.LOOP_ITERATION).node("cities", "loop")
                        .nodeId("cities[" + i + "]").index(i).status("dispatched").build());
                batch.add(request("cities[" + i + "]", i));
            }
            return kit.queue.enqueueIterations(iterations, batch);
        });

        assertThat(kit.jdbc.queryForObject("SELECT count(*) FROM queue q JOIN event e"
                + " ON e.event_id = q.enqueued_event_id AND e.event_id = q.parent_event_id"
                + " WHERE q.execution_id = ? AND e.event_type = 'loop_iteration' AND e.current_index = q.current_index",
                Integer.class, executionId)).as("rows whose loop_iteration is their enqueue event").isEqualTo(50);
        assertThat(kit.jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ?", Integer.class,
                executionId)).as("50 loop_iteration events and nothing else").isEqualTo(50);
        assertThat(results).flatMap(r -> r).filteredOn(r -> !r.deduplicated()).hasSize(50);
        assertThat(results).allSatisfy(r -> assertThat(r).extracting(Enqueued::queueId)
                .containsExactlyElementsOf(results.get(0).stream().map(Enqueued::queueId).toList()));
    }

    @Test
    void duplicateUniqueEventsFromManyThreadsLeaveOneRowEach() throws Exception {
        List<List<AppendResult>> results = race(() -> List.of(
                kit.ledger.append(NewEvent.of(executionId, EventType.STEP_STARTED).node("cities", "loop").build()),
                // appendAll of plain-only events takes the bulk path, with ON CONFLICT on the partial index
                kit.ledger.appendAll(List.of(
                        NewEvent.of(executionId, EventType.LOOP_ITERATION).node("cities", "loop")
                                .nodeId("cities[3]").index(3).build(),
                        NewEvent.of(executionId, EventType.LOOP_ITERATION).node("cities", "loop")
                                .nodeId("cities[4]").index(4).build())).get(0),
                kit.ledger.append(NewEvent.of(executionId, EventType.EXECUTION_COMPLETE).status("COMPLETED")
                        .build())));

        for (String type : List.of("step_started", "execution_complete")) {
            assertThat(kit.jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ? AND event_type = ?",
                    Integer.class, executionId, type)).as(type).isOne();
        }
        assertThat(kit.jdbc.queryForList("SELECT current_index FROM event WHERE execution_id = ?"
                + " AND event_type = 'loop_iteration' ORDER BY current_index", Integer.class, executionId))
                .containsExactly(3, 4);
        for (int kind = 0; kind < 3; kind++) {
            int k = kind;
            assertThat(results).extracting(r -> r.get(k).eventId()).containsOnly(results.get(0).get(k).eventId());
            assertThat(results).filteredOn(r -> !r.get(k).deduplicated()).hasSize(1);
        }
        // 9 losers for each of step_started, execution_complete, loop_iteration 3 and loop_iteration 4
        assertThat(kit.counter("playbatch.ledger.dedup")).isEqualTo(4.0 * (THREADS - 1));
    }

    private EnqueueRequest request(String nodeId, Integer index) {
        String name = nodeId.contains("[") ? nodeId.substring(0, nodeId.indexOf('[')) : nodeId;
        return new EnqueueRequest(executionId, nodeId, name, index, new RenderedTask("noop", Map.of("n", nodeId)), 1,
                Backoff.NONE, 0, null);
    }

    /** Starts every thread at one barrier; any exception fails the test through Future.get. */
    private <T> List<T> race(Callable<T> work) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                barrier.await(10, TimeUnit.SECONDS);
                return work.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(60, TimeUnit.SECONDS));
        }
        return results;
    }
}
