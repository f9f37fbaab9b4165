package io.playbatch.report;

import java.time.Instant;

/**
 * The rendered task of a step (or of one loop iteration, {@code index} set) as stored in
 * {@code queue.task} — secret references stay references, nothing here resolves them — with its
 * queue status, attempts and the result envelope ({@code result}) and error the worker reported.
 */
public record StepTask(long queueId, String step, String nodeId, Integer index, String status, int attempts,
        int maxAttempts, Object task, Object result, Object error, String leaseOwner, Instant createdAt,
        Instant updatedAt) {
}
