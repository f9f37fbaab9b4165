package io.playbatch.report;

import java.time.Instant;

/**
 * One workflow step of an execution, in playbook order, as an operator report shows it: ledger
 * status ({@code pending}, {@code started}, {@code completed}, {@code failed}, {@code skipped},
 * {@code reused}), times and duration, Spring Batch's counts (for a loop: iterations done, failed
 * and skipped summed over its partitions; null when Spring Batch did not run the step in this
 * execution, e.g. a reused step), Spring Batch's exit code/message and the ledger's error object.
 * {@code reusedFrom} is the execution whose result a reused step carries over. Commit, rollback and
 * filter counts are {@code BATCH_STEP_EXECUTION}'s (a chunk step's transactions and dropped items).
 */
public record StepReport(String name, String kind, String type, String status, Instant startedAt, Instant endedAt,
        Long durationMs, Long readCount, Long writeCount, Long skipCount, Long commitCount, Long rollbackCount,
        String exitCode, String exitMessage, Object error, Long reusedFrom, Long filterCount) {
}
