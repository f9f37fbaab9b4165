package io.playbatch.report;

import io.playbatch.ledger.StoredEvent;
import java.time.Instant;
import java.util.Map;

/**
 * One automatic resume of a run (docs/operations.md#automatic-resume), read from its
 * {@code execution_resumed} event: which execution died with which manager, which execution took
 * over in which manager, and the how-many-th resume of the run it was.
 */
public record RunResume(long deadExecutionId, long executionId, String deadManagerId, String newManagerId,
        int number, Instant at) {

    static RunResume of(StoredEvent event) {
        Map<String, Object> context = event.context();
        return new RunResume(((Number) context.get("dead_execution_id")).longValue(), event.executionId(),
                (String) context.get("dead_manager_id"), (String) context.get("new_manager_id"),
                ((Number) context.get("resume")).intValue(), event.createdAt());
    }
}
