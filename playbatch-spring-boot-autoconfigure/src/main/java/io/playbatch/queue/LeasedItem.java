package io.playbatch.queue;

import io.playbatch.taskmodel.RenderedTask;

/**
 * A queue row this worker holds a lease on, with everything needed to run it and to report back:
 * the rendered task, which attempt this is ({@code attempts} after the lease), and the
 * {@code task_enqueued} event that later task events hang off.
 *
 * @param waitMs how long the row was ready before it was leased
 */
public record LeasedItem(long queueId, long executionId, String nodeId, String nodeName, Integer currentIndex,
        Long enqueuedEventId, RenderedTask task, int attempt, int maxAttempts, long waitMs) {

    public QueueKey key() {
        return new QueueKey(executionId, nodeId);
    }
}
