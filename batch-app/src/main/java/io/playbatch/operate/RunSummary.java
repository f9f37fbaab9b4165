package io.playbatch.operate;

import java.util.List;

/**
 * What an operator wants to see after a run: the ids, the playbook, the status, and one line per
 * workflow step (in file order) with its status, duration and error message when it failed.
 */
public record RunSummary(long executionId, long runId, String playbook, String status, Object result, Object error,
        List<StepLine> steps) {

    public record StepLine(String name, String status, Long durationMs, String message) {
    }
}
