package io.playbatch.runtime;

import io.playbatch.compiler.ir.PlaybookGraph;
import java.util.Map;

/**
 * Everything needed to launch one execution of a compiled playbook: the graph, the merged
 * workload, and the lineage of the execution (null where not applicable).
 */
public record RunRequest(PlaybookGraph graph, Map<String, Object> workload, Long restartOf, Long replayOf,
        Long parentExecutionId, Long parentEventId) {

    public static RunRequest fresh(PlaybookGraph graph, Map<String, Object> workload) {
        return new RunRequest(graph, workload, null, null, null, null);
    }
}
