package io.playbatch.tasks;

/** Who runs a task and for what: the execution, the queue node id, the attempt and the worker. */
public record TaskContext(long executionId, String nodeId, int attempt, String workerId) {
}
