package io.playbatch.runtime;

import io.playbatch.compiler.ir.RetrySpec;
import io.playbatch.queue.Backoff;
import io.playbatch.queue.CompletionRegistry;
import io.playbatch.queue.EnqueueRequest;
import io.playbatch.queue.Enqueued;
import io.playbatch.queue.QueueKey;
import io.playbatch.queue.QueueOutcome;
import io.playbatch.queue.QueueProperties;
import io.playbatch.queue.WorkQueue;
import io.playbatch.tasks.RenderedTask;
import io.playbatch.tasks.TaskResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Dispatches a step's task through the work queue: enqueues the rendered task (idempotently, keyed
 * by execution and node) and waits until its row is {@code done} or {@code dead}, whichever worker
 * in whichever process ran it. A row that is already finished (a step run again in the same
 * execution) returns its stored result without running again. Waiting costs no polling in the
 * common case: local workers complete the registered future, other processes' completions arrive
 * through {@code LISTEN playbatch_queue_done}, and a slow re-check covers lost notifications. That
 * re-check also withdraws a row no worker has leased yet when its execution was asked to stop.
 */
@Component
public class QueueTaskDispatcher implements TaskDispatcher {

    /** The error type of a task withdrawn from the queue because its execution was asked to stop. */
    static final String STOPPED = "stopped";

    /** Re-check the row itself only this many poll intervals apart; notifications do the rest. */
    private static final int RECHECK_POLLS = 10;

    private final WorkQueue queue;
    private final CompletionRegistry registry;
    private final long recheckMs;
    private final ManagerHeartbeat heartbeat;

    public QueueTaskDispatcher(WorkQueue queue, CompletionRegistry registry, QueueProperties properties,
            ManagerHeartbeat heartbeat) {
        this.heartbeat = heartbeat;
        this.queue = queue;
        this.registry = registry;
        this.recheckMs = properties.pollInterval().toMillis() * RECHECK_POLLS;
    }

    @Override
    public TaskResult dispatch(long executionId, String nodeId, String nodeName, RenderedTask task, RetrySpec retry,
            long parentEventId) {
        QueueKey key = new QueueKey(executionId, nodeId);
        // Registered before the row exists, so a worker cannot finish it unseen in between.
        CompletableFuture<QueueOutcome> outcome = registry.register(key);
        try {
            Enqueued enqueued = queue.enqueue(List.of(new EnqueueRequest(executionId, nodeId, nodeName, null, task,
                    retry.maxAttempts(), backoff(retry), 0, parentEventId))).get(0);
            if (enqueued.finished() != null) {
                return enqueued.finished().result();
            }
            while (true) {
                try {
                    return outcome.get(recheckMs, TimeUnit.MILLISECONDS).result();
                } catch (TimeoutException stillRunning) {
                    Optional<QueueOutcome> finished = queue.finished(key);
                    if (finished.isPresent()) {
                        return finished.get().result();
                    }
                    if (heartbeat.stopRequested(executionId) && queue.withdrawQueued(key, STOPPED,
                            "execution " + executionId + " was stopped before a worker leased " + nodeId)) {
                        // Not leased yet, so not running: a stop withdraws it (a leased task runs to its end).
                        return TaskResult.error(STOPPED, "execution " + executionId + " was stopped before " + nodeId
                                + " started; restart it to run the rest", 0, 0, null);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TaskResult.error("interrupted", "stopped waiting for " + nodeId + " of execution " + executionId
                    + "; the queue row keeps running and a restart will pick up its result", 0, 0, null);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for " + nodeId + " failed", e.getCause());
        } finally {
            registry.forget(key, outcome);
        }
    }

    /** The step's retry policy as the queue row carries it. */
    static Backoff backoff(RetrySpec retry) {
        return Backoff.of(retry.initialBackoff(), retry.multiplier(), retry.maxBackoff());
    }
}
