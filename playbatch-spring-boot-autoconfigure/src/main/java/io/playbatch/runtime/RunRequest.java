package io.playbatch.runtime;

import io.playbatch.compiler.ir.PlaybookGraph;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to launch one execution of a compiled playbook: the graph, the merged
 * workload, the lineage of the execution (null where not applicable), and {@code origin}: who
 * asked for it ({@code via} and audit details), copied into {@code execution_started.context}.
 */
public record RunRequest(PlaybookGraph graph, Map<String, Object> workload, Long restartOf, Long replayOf,
        Long parentExecutionId, Long parentEventId, Map<String, Object> origin) {

    public RunRequest {
        origin = origin == null ? Map.of() : Map.copyOf(origin);
    }

    public RunRequest(PlaybookGraph graph, Map<String, Object> workload, Long restartOf, Long replayOf,
            Long parentExecutionId, Long parentEventId) {
        this(graph, workload, restartOf, replayOf, parentExecutionId, parentEventId, Map.of());
    }

    /** The playbook's workload with the overrides' top-level keys replacing its own; either may be null. */
    public static Map<String, Object> workload(PlaybookGraph graph, Map<String, Object> overrides) {
        Map<String, Object> workload = new LinkedHashMap<>();
        if (graph.workload() != null) {
            workload.putAll(graph.workload());
        }
        if (overrides != null) {
            workload.putAll(overrides);
        }
        return workload;
    }

    public static RunRequest fresh(PlaybookGraph graph, Map<String, Object> workload) {
        return new RunRequest(graph, workload, null, null, null, null);
    }

    /** This request with {@code origin} (e.g. {@code via}, schedule tick, MCP client) recorded at start. */
    public RunRequest withOrigin(Map<String, Object> origin) {
        return new RunRequest(graph, workload, restartOf, replayOf, parentExecutionId, parentEventId, origin);
    }
}
