package io.playbatch.queue;

import io.playbatch.tasks.TaskResult;

/**
 * The final state of a queue row: {@code done} (the task's ok envelope) or {@code dead} (attempts
 * exhausted; {@code result} is the last attempt's error envelope).
 */
public record QueueOutcome(QueueKey key, long queueId, boolean done, TaskResult result) {
}
