package io.playbatch.report;

import io.playbatch.ledger.ExecutionRecord;
import java.util.List;
import java.util.Map;

/**
 * Everything about one execution that fits on one screen: its ledger row (ids, status, times,
 * result, error, lineage), the labels it ran with, Spring Batch's exit code and message, the ids of
 * every execution of its run (oldest first, this one included) and of its child executions, and
 * the run's automatic resumes (oldest first).
 * Ids are {@code long}s; writing them as strings is the caller's job.
 */
public record ExecutionDetail(ExecutionRecord execution, Map<String, String> labels, Long durationMs,
        String exitCode, String exitMessage, List<Long> runExecutionIds, List<Long> childExecutionIds,
        List<RunResume> resumes) {

    public ExecutionDetail {
        labels = Map.copyOf(labels);
        runExecutionIds = List.copyOf(runExecutionIds);
        childExecutionIds = List.copyOf(childExecutionIds);
        resumes = List.copyOf(resumes);
    }
}
