package io.playbatch.queue;

import io.playbatch.tasks.TaskResult;

/** What a worker reports for one leased item: the envelope its attempt produced. */
public record Completion(LeasedItem item, TaskResult result) {
}
