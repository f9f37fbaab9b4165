package io.playbatch.report;

import java.util.List;

/**
 * What an operator wants to see after a run: the ids, the playbook, the status, and one line per
 * workflow step (in file order) with its status, duration, Spring Batch counts and error message when it failed.
 */
public record RunSummary(long executionId, long runId, String playbook, String status, Object result, Object error,
        List<StepLine> steps) {

    /**
     * One workflow step; the counts are Spring Batch's read/write/skip counts of the step (for a
     * loop, iterations done, failed and skipped summed over its partitions), null when it did not run.
     */
    public record StepLine(String name, String status, Long durationMs, String message, Long readCount,
            Long writeCount, Long skipCount) {
    }
}
