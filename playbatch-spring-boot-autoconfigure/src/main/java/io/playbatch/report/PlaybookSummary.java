package io.playbatch.report;

import java.time.Instant;

/**
 * A playbook known to this database (it ran, or a revision of it was recorded): its catalog path,
 * how many executions it has, and its newest execution (null when it never ran).
 */
public record PlaybookSummary(String path, long executions, Long lastExecutionId, String lastStatus,
        Instant lastCreatedAt) {
}
