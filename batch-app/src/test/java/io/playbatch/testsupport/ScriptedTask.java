package io.playbatch.testsupport;

import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.tasks.Task;
import io.playbatch.tasks.TaskContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task type whose behaviour a test scripts with a lambda, counting how often each queue node id
 * was run (the "exactly once" assertions).
 */
public final class ScriptedTask implements Task {

    /** What the task does for one attempt; throwing fails the attempt. */
    @FunctionalInterface
    public interface Behaviour {
        Object run(RenderedTask task, TaskContext context) throws Exception;
    }

    private final String type;
    private final Behaviour behaviour;
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    public ScriptedTask(String type, Behaviour behaviour) {
        this.type = type;
        this.behaviour = behaviour;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Object run(RenderedTask task, TaskContext context) throws Exception {
        runs.computeIfAbsent(context.executionId() + "/" + context.nodeId(), k -> new AtomicInteger()).incrementAndGet();
        return behaviour.run(task, context);
    }

    public int runs(long executionId, String nodeId) {
        AtomicInteger count = runs.get(executionId + "/" + nodeId);
        return count == null ? 0 : count.get();
    }

    public int totalRuns() {
        return runs.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public Map<String, AtomicInteger> runsByNode() {
        return runs;
    }
}
