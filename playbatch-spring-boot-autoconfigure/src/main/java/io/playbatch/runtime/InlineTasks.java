package io.playbatch.runtime;

import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.tasks.TaskContext;
import io.playbatch.tasks.TaskResult;
import io.playbatch.tasks.TaskRunner;

/**
 * The steps that need no worker and run in the manager, in their Spring Batch step's own thread,
 * instead of through the work queue (docs/compiler.md#steps-run-in-the-manager): START, END,
 * {@code noop} (routers and placeholders) and {@code log} without {@code retry} or
 * {@code timeout}. Their task runs through the same {@link TaskRunner} a worker uses, so the
 * result envelope is the one a worker would have produced. Thread-safe.
 */
final class InlineTasks {

    private final TaskRunner runner;
    private final String workerId;

    InlineTasks(TaskRunner runner, String workerId) {
        this.runner = runner;
        this.workerId = workerId;
    }

    /**
     * Whether the node's step runs here: a task that returns at once and has nothing to retry or
     * interrupt gains nothing from a queue row but three commits and a wait.
     */
    boolean runsInline(StepNode node) {
        if (node.kind() == NodeKind.START || node.kind() == NodeKind.END) {
            return true;
        }
        if (node.kind() != NodeKind.TASK || node.task().mcp() != null) {
            return false;
        }
        return switch (node.task().type()) {
            case "noop" -> true;
            case "log" -> node.retry().maxAttempts() <= 1 && node.timeout() == null;
            default -> false;
        };
    }

    /** Whether the node's task needs its args rendered: START, END and a {@code noop} without args do not. */
    boolean needsRendering(StepNode node) {
        return node.kind() == NodeKind.TASK && !node.task().args().isEmpty();
    }

    /** The result of a node that needs no rendering: {@code ok} with null data. */
    TaskResult nothingToRun() {
        return TaskResult.ok(null, 0, 1, workerId);
    }

    /** Runs the rendered task of a node {@link #runsInline} accepted, once, as attempt 1. */
    TaskResult run(long executionId, String nodeName, RenderedTask task) {
        return runner.run(task, new TaskContext(executionId, nodeName, 1, workerId));
    }
}
