package io.playbatch.runtime;

import io.playbatch.compiler.ir.RetrySpec;
import io.playbatch.queue.Backoff;
import io.playbatch.queue.EnqueueRequest;
import io.playbatch.queue.WorkQueue;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.tasks.TaskResult;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Dispatches a step's task through the work queue: enqueues the rendered task (idempotently, keyed
 * by execution and node) and waits, through {@link QueuedOutcomes}, until its row is {@code done} or
 * {@code dead}, whichever worker in whichever process ran it, or until a stop withdraws it.
 */
@Component
public class QueueTaskDispatcher implements TaskDispatcher {

    private final WorkQueue queue;
    private final QueuedOutcomes outcomes;

    public QueueTaskDispatcher(WorkQueue queue, QueuedOutcomes outcomes) {
        this.queue = queue;
        this.outcomes = outcomes;
    }

    @Override
    public TaskResult dispatch(long executionId, String nodeId, String nodeName, RenderedTask task, RetrySpec retry,
            long parentEventId) {
        EnqueueRequest request = new EnqueueRequest(executionId, nodeId, nodeName, null, task, retry.maxAttempts(),
                backoff(retry), 0, parentEventId);
        try {
            return outcomes.enqueueAndWait(List.of(request), queue::enqueue).outcomes().get(0).result();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TaskResult.error("interrupted", "stopped waiting for " + nodeId + " of execution " + executionId
                    + "; the queue row keeps running and a restart will pick up its result", 0, 0, null);
        }
    }

    /** The step's retry policy as the queue row carries it. */
    static Backoff backoff(RetrySpec retry) {
        return Backoff.of(retry.initialBackoff(), retry.multiplier(), retry.maxBackoff());
    }
}
