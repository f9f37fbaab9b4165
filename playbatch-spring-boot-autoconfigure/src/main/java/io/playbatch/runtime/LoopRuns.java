package io.playbatch.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loops running in the jobs of one {@link PlaybookStepFactory}, by execution and step: how a
 * loop's manager step hands its rendered list and shared state to its partitions, which Spring
 * Batch runs as separate steps. Each node runs at most once per execution, so the key is unique.
 * Thread-safe.
 */
final class LoopRuns {

    private final Map<String, LoopRun> running = new ConcurrentHashMap<>();

    void add(LoopRun run) {
        running.put(key(run.executionId(), run.node().name()), run);
    }

    LoopRun get(long executionId, String nodeName) {
        LoopRun run = running.get(key(executionId, nodeName));
        if (run == null) {
            throw new IllegalStateException("loop " + nodeName + " of execution " + executionId
                    + " has no running manager step; its partitions run only inside it");
        }
        return run;
    }

    void remove(LoopRun run) {
        running.remove(key(run.executionId(), run.node().name()), run);
    }

    private static String key(long executionId, String nodeName) {
        return executionId + "/" + nodeName;
    }
}
