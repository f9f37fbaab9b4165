package io.playbatch.queue;

/**
 * The row an enqueue request ended up with: its {@code queueId}; {@code deduplicated} when the row
 * already existed (nothing was written); {@code finished} holds the outcome when that existing row is
 * already {@code done} or {@code dead}, so a restarted step gets the stored result without re-running;
 * {@code causeEventId} is the request's lineage parent (for {@link WorkQueue#enqueueCausedBy}, the id
 * of the event appended with it).
 */
public record Enqueued(QueueKey key, long queueId, boolean deduplicated, QueueOutcome finished, Long causeEventId) {
}
