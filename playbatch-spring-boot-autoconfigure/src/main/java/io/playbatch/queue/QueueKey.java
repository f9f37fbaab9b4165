package io.playbatch.queue;

/** The identity of a queue row that callers know before it exists: {@code UNIQUE (execution_id, node_id)}. */
public record QueueKey(long executionId, String nodeId) {
}
