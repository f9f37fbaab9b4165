package io.playbatch.runtime;

import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventLedger.StepOpening;
import io.playbatch.queue.QueueOutcome;
import io.playbatch.queue.WorkQueue;
import io.playbatch.render.McpTaskRenderer;
import io.playbatch.render.RenderContext;
import io.playbatch.render.RenderException;
import io.playbatch.save.SaveException;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.tasks.TaskResult;
import java.util.Optional;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The behaviour of one workflow node inside its Spring Batch step: record {@code step_started},
 * render the task on the server, dispatch the rendered task, run the node's {@code save} on the
 * result's data (in this manager process), record {@code step_completed} or {@code step_failed},
 * and the unconditional transitions out of the node. A failed task or save fails the step, so
 * Spring Batch's status and the ledger agree. A step of an execution asked to stop does not start
 * (Spring Batch records it STOPPED), and a task an earlier execution of the run completed is never
 * dispatched again: its stored result is reused. A step that needs no worker ({@link InlineTasks})
 * runs its task here instead and records its start and end together.
 */
final class NodeTasklet implements Tasklet {

    private final PlaybookGraph graph;
    private final StepNode node;
    private final StepEvents events;
    private final ManagerHeartbeat heartbeat;
    private final EventLedger ledger;
    private final WorkQueue queue;
    private final RunContextLoader contexts;
    private final McpTaskRenderer tasks;
    private final ChildPlaybooks children;
    private final TaskDispatcher dispatcher;
    private final NodeSave save;
    private final InlineTasks inline;
    private final String workerId;

    NodeTasklet(PlaybookGraph graph, StepNode node, StepEvents events, ManagerHeartbeat heartbeat, EventLedger ledger,
            WorkQueue queue, RunContextLoader contexts, McpTaskRenderer tasks, ChildPlaybooks children,
            TaskDispatcher dispatcher, NodeSave save, InlineTasks inline, String workerId) {
        this.graph = graph;
        this.node = node;
        this.events = events;
        this.heartbeat = heartbeat;
        this.ledger = ledger;
        this.queue = queue;
        this.contexts = contexts;
        this.tasks = tasks;
        this.children = children;
        this.dispatcher = dispatcher;
        this.save = save;
        this.inline = inline;
        this.workerId = workerId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws JobInterruptedException {
        long executionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
        if (heartbeat.stopRequested(executionId)) {
            // Stopping: nothing new is dispatched; Spring Batch ends the step and the job STOPPED.
            throw new JobInterruptedException("execution " + executionId + " was asked to stop before step "
                    + node.name() + " started");
        }
        boolean runsHere = inline.runsInline(node);
        if (runsHere && !inline.needsRendering(node) && node.save() == null) {
            // A router runs nothing: its checks and its whole course are one transaction.
            events.ranNothing(executionId, inline.nothingToRun());
            return RepeatStatus.FINISHED;
        }
        StepOpening opening = ledger.stepOpening(executionId, node.name(), runsHere ? events.inlineIds() : 0);
        if (opening.reused()) {
            // Spring Batch runs again a step whose task completed in the run's earlier execution but which it
            // recorded STOPPED (stopped right after the task) or FAILED (recovered): the ledger already carried
            // its result over, so its task does not run twice.
            return RepeatStatus.FINISHED;
        }
        if (runsHere) {
            return runInline(executionId, opening);
        }
        long started = events.started(executionId, opening.causeEventId());

        TaskResult result = run(executionId, started);
        if (result.ok() && node.save() != null) {
            result = save(executionId, result);
        }
        if (result.ok()) {
            events.completed(executionId, started, result);
            return RepeatStatus.FINISHED;
        }
        if (QueuedOutcomes.STOPPED.equals(result.errorType())) {
            events.stopped(executionId, started, result);
            throw new JobInterruptedException(result.errorMessage());
        }
        events.failed(executionId, started, result);
        throw failure(result);
    }

    /**
     * A step that needs no worker ({@link InlineTasks}): its task runs here, and its start, its end
     * and its transitions are recorded afterwards in one transaction, so a process that dies before
     * that commit leaves no trace of the step and a restart runs it again. Nothing is queued, so no
     * earlier execution can hold a result of it to reuse.
     */
    private RepeatStatus runInline(long executionId, StepOpening opening) {
        TaskResult result = inlineResult(executionId);
        if (result.ok() && node.save() != null) {
            result = save(executionId, result);
        }
        events.ranInline(executionId, opening, result);
        if (!result.ok()) {
            throw failure(result);
        }
        return RepeatStatus.FINISHED;
    }

    private TaskResult inlineResult(long executionId) {
        if (!inline.needsRendering(node)) {
            return inline.nothingToRun();
        }
        try {
            return inline.run(executionId, node.name(), render(executionId));
        } catch (RenderException e) {
            return TaskResult.error("render_error", e.getMessage(), 0, 1, workerId);
        }
    }

    private StepTaskFailedException failure(TaskResult result) {
        return new StepTaskFailedException("step " + node.name() + " failed: [" + result.errorType() + "] "
                + result.errorMessage());
    }

    private RenderedTask render(long executionId) {
        RenderContext context = contexts.load(executionId, graph.path(), node.name());
        return tasks.render(node.task(), node.timeout(), context, node.name());
    }

    private TaskResult run(long executionId, long startedEventId) {
        if (node.kind() != NodeKind.SUB_PLAYBOOK) {
            // The task finished done under an earlier execution of the run whose process died (or stopped)
            // before the step was recorded complete: its result is reused, the task is not run twice.
            Optional<QueueOutcome> earlier = queue.doneInEarlierExecution(executionId, node.name());
            if (earlier.isPresent()) {
                return earlier.get().result();
            }
        }
        RenderedTask task;
        try {
            task = render(executionId);
        } catch (RenderException e) {
            return TaskResult.error("render_error", e.getMessage(), 0, 1, workerId);
        }
        if (node.kind() == NodeKind.SUB_PLAYBOOK) {
            return children.run(graph, node, task, executionId, startedEventId);
        }
        return dispatcher.dispatch(executionId, node.name(), node.name(), task, node.retry(), startedEventId);
    }

    /**
     * Writes the task's data where {@code save} says, after the result arrived from the queue: the
     * step completes only once its data is saved, and a failed save fails it with {@code save_error}
     * (the task's data stays in the failure's envelope for inspection).
     */
    private TaskResult save(long executionId, TaskResult result) {
        try {
            save.save(executionId, graph, node, result.data());
            return result;
        } catch (RenderException e) {
            return saveFailure(result, "render_error", e.getMessage());
        } catch (SaveException e) {
            return saveFailure(result, "save_error", "step " + node.name() + ": save failed: " + e.getMessage());
        }
    }

    private static TaskResult saveFailure(TaskResult result, String type, String message) {
        return new TaskResult(false, result.data(), type, message, result.durationMs(), result.attempt(),
                result.workerId());
    }
}
