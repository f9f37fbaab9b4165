package io.playbatch.ledger;

/** The identity of an execution at the moment it is created; lineage fields are null when unset. */
public record NewExecution(long executionId, long runId, String playbookPath, String playbookRevision,
        Long restartOf, Long replayOf, Long parentExecutionId, Long parentEventId) {
}
