package io.playbatch.queue;

import io.playbatch.taskmodel.RenderedTask;

/**
 * A queue row this worker holds a lease on, with everything needed to run it and to report back:
 * the rendered task, which attempt this is ({@code attempts} after the lease), and the event that
 * later task events hang off ({@code task_enqueued}, or a loop iteration's {@code loop_iteration}).
 *
 * @param waitMs how long the row was ready before it was leased
 * @param loopStartedEventId for a loop iteration's row, its loop's {@code loop_started} event, which
 *        the lease batch's one {@code task_leased} event hangs off (docs/events.md); null for any other row
 */
public record LeasedItem(long queueId, long executionId, String nodeId, String nodeName, Integer currentIndex,
        Long enqueuedEventId, RenderedTask task, int attempt, int maxAttempts, long waitMs, Long loopStartedEventId) {

    public QueueKey key() {
        return new QueueKey(executionId, nodeId);
    }
}
