package io.playbatch.runtime;

import io.playbatch.beans.BeanNotCallableException;
import io.playbatch.chunk.ChunkConfigException;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.render.RenderContext;
import io.playbatch.render.RenderException;
import io.playbatch.save.SaveException;
import io.playbatch.tasks.TaskResult;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * The ledger side of a step that runs in this (manager) process rather than through the queue, a
 * chunk step or a bean step: before the step, {@code step_started} and the binding of the step's
 * rendered args ({@link Work#bind}); after it, the node's {@code save} of the step's data
 * ({@link Work#data}) and {@code step_completed}, or {@code step_failed}, with the node's
 * transitions ({@link StepEvents}). One listener per assembled step; used from the step's thread.
 */
final class InlineNodeListener implements StepExecutionListener {

    /** What the step does with its args and what it reports. */
    interface Work {

        /** Renders the step's args in {@code context} and prepares the step with them. */
        void bind(RenderContext context, StepExecution stepExecution);

        /** The step's data once it ended, completed or not. */
        Object data(StepExecution stepExecution);

        /** The error type of a step that failed while it ran, such as {@code chunk_failed}. */
        String failureType();
    }

    private final PlaybookGraph graph;
    private final StepNode node;
    private final Work work;
    private final StepEvents events;
    private final RunContextLoader contexts;
    private final NodeSave save;
    private final String workerId;
    private long startedEventId;
    private long startNanos;
    private TaskResult bindFailure;

    InlineNodeListener(PlaybookGraph graph, StepNode node, Work work, StepEvents events,
            RunContextLoader contexts, NodeSave save, String workerId) {
        this.graph = graph;
        this.node = node;
        this.work = work;
        this.events = events;
        this.contexts = contexts;
        this.save = save;
        this.workerId = workerId;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        long executionId = stepExecution.getJobExecutionId();
        startNanos = System.nanoTime();
        bindFailure = null;
        startedEventId = events.started(executionId);
        try {
            work.bind(contexts.load(executionId, graph.path(), node.name()), stepExecution);
        } catch (RenderException e) {
            bindFailure = TaskResult.error("render_error", e.getMessage(), 0, 1, workerId);
            throw new StepTaskFailedException(e.getMessage());
        } catch (ChunkConfigException | BeanNotCallableException e) {
            bindFailure = TaskResult.error("bad_args", e.getMessage(), 0, 1, workerId);
            throw new StepTaskFailedException(e.getMessage());
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        long executionId = stepExecution.getJobExecutionId();
        long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
        Object data = work.data(stepExecution);
        if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
            TaskResult result = TaskResult.ok(data, durationMs, 1, workerId);
            String saveError = save(executionId, data);
            if (saveError == null) {
                events.completed(executionId, startedEventId, result);
                return null;
            }
            events.failed(executionId, startedEventId,
                    new TaskResult(false, data, "save_error", saveError, durationMs, 1, workerId));
            // A failed save fails the step: the status set here is the one Spring Batch stores and the job sees.
            stepExecution.setStatus(BatchStatus.FAILED);
            return ExitStatus.FAILED.addExitDescription(saveError);
        }
        TaskResult failure = bindFailure != null ? bindFailure
                : new TaskResult(false, data, work.failureType(), message(stepExecution), durationMs, 1,
                        workerId);
        events.failed(executionId, startedEventId, failure);
        return null;
    }

    private String save(long executionId, Object data) {
        if (node.save() == null) {
            return null;
        }
        try {
            save.save(executionId, graph, node, data);
            return null;
        } catch (RenderException e) {
            return e.getMessage();
        } catch (SaveException e) {
            return "step " + node.name() + ": save failed: " + e.getMessage();
        }
    }

    private static String message(StepExecution stepExecution) {
        if (stepExecution.getFailureExceptions().isEmpty()) {
            String description = stepExecution.getExitStatus().getExitDescription();
            return description == null || description.isBlank() ? "step " + stepExecution.getStepName()
                    + " ended " + stepExecution.getStatus() : description;
        }
        Throwable failure = stepExecution.getFailureExceptions().get(0);
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return failure.getMessage() + (root != failure ? " (cause: " + root.getMessage() + ")" : "");
    }
}
