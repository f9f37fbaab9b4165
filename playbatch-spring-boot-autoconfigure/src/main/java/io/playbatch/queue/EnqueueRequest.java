package io.playbatch.queue;

import io.playbatch.taskmodel.RenderedTask;

/**
 * One task to put on the queue: where it belongs ({@code executionId}, {@code nodeId} such as
 * {@code fetch} or {@code cities[12]}, {@code nodeName} the workflow step), the rendered task (the
 * only thing a worker will run), how often it may be attempted and how retries back off, its
 * priority (higher first), and the event that caused it ({@code parentEventId}, its lineage).
 *
 * @param currentIndex the loop iteration, null for a plain step
 */
public record EnqueueRequest(long executionId, String nodeId, String nodeName, Integer currentIndex,
        RenderedTask task, int maxAttempts, Backoff backoff, int priority, Long parentEventId) {

    public EnqueueRequest {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max_attempts must be at least 1, got " + maxAttempts);
        }
        backoff = backoff == null ? Backoff.NONE : backoff;
    }

    public QueueKey key() {
        return new QueueKey(executionId, nodeId);
    }
}
