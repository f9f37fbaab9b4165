package io.playbatch.runtime;

import io.playbatch.queue.CompletionRegistry;
import io.playbatch.queue.EnqueueRequest;
import io.playbatch.queue.Enqueued;
import io.playbatch.queue.QueueKey;
import io.playbatch.queue.QueueOutcome;
import io.playbatch.queue.QueueProperties;
import io.playbatch.queue.WorkQueue;
import io.playbatch.tasks.TaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The one way a manager enqueues tasks and waits for their outcomes, whichever worker in whichever
 * process runs them: a step's task ({@link QueueTaskDispatcher}) and an agent loop's turns and tool
 * calls alike. Waiting costs no polling in the common case: local workers complete the registered
 * future, other processes' completions arrive through {@code LISTEN playbatch_queue_done}, and a slow
 * re-check covers lost notifications. That re-check also honours a stop: a row no worker has leased
 * yet is withdrawn and its outcome is an error of type {@link #STOPPED} (a leased task runs to its end).
 * Thread-safe.
 */
@Component
public class QueuedOutcomes {

    /** The error type of a task withdrawn from the queue because its execution was asked to stop. */
    public static final String STOPPED = "stopped";

    /** Re-check the row itself only this many poll intervals apart; notifications do the rest. */
    private static final int RECHECK_POLLS = 10;

    private final WorkQueue queue;
    private final CompletionRegistry registry;
    private final ManagerHeartbeat heartbeat;
    private final long recheckMs;

    public QueuedOutcomes(WorkQueue queue, CompletionRegistry registry, QueueProperties properties,
            ManagerHeartbeat heartbeat) {
        this.queue = queue;
        this.registry = registry;
        this.heartbeat = heartbeat;
        this.recheckMs = properties.pollInterval().toMillis() * RECHECK_POLLS;
    }

    /** The rows as enqueued and the outcome of each, in the order of the requests. */
    public record Awaited(List<Enqueued> enqueued, List<QueueOutcome> outcomes) {
    }

    /**
     * Enqueues the requests with {@code enqueue} (which may append causing events in the same
     * transaction) and waits for every row to finish; a row already finished (a step run again in the
     * same execution) returns its stored outcome without running again.
     */
    public Awaited enqueueAndWait(List<EnqueueRequest> requests,
            Function<List<EnqueueRequest>, List<Enqueued>> enqueue) throws InterruptedException {
        List<CompletableFuture<QueueOutcome>> futures = new ArrayList<>();
        // Registered before the rows exist, so a worker cannot finish one unseen in between.
        for (EnqueueRequest request : requests) {
            futures.add(registry.register(request.key()));
        }
        try {
            List<Enqueued> enqueued = enqueue.apply(requests);
            List<QueueOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                QueueOutcome finished = enqueued.get(i).finished();
                outcomes.add(finished != null ? finished : await(requests.get(i).key(), futures.get(i)));
            }
            return new Awaited(enqueued, outcomes);
        } finally {
            for (int i = 0; i < requests.size(); i++) {
                registry.forget(requests.get(i).key(), futures.get(i));
            }
        }
    }

    private QueueOutcome await(QueueKey key, CompletableFuture<QueueOutcome> future) throws InterruptedException {
        while (true) {
            try {
                return future.get(recheckMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                Optional<QueueOutcome> finished = queue.finished(key);
                if (finished.isPresent()) {
                    return finished.get();
                }
                long executionId = key.executionId();
                if (heartbeat.stopRequested(executionId) && queue.withdrawQueued(key, STOPPED,
                        "execution " + executionId + " was stopped before a worker leased " + key.nodeId())) {
                    return new QueueOutcome(key, 0, false, TaskResult.error(STOPPED, "execution " + executionId
                            + " was stopped before " + key.nodeId() + " started; restart it to run the rest", 0, 0,
                            null));
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for " + key.nodeId() + " failed", e.getCause());
            }
        }
    }
}
