package io.playbatch.ledger;

import java.time.Instant;

/** A row of the {@code execution} table. */
public record ExecutionRecord(long executionId, long runId, String playbookPath, String playbookRevision,
        Long restartOf, Long replayOf, Long parentExecutionId, Long parentEventId, String status,
        Instant createdAt, Instant startedAt, Instant endedAt, Object result, Object error) {
}
