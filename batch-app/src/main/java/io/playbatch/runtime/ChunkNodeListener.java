package io.playbatch.runtime;

import io.playbatch.chunk.ChunkConfigException;
import io.playbatch.chunk.ChunkPlan;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.render.RenderException;
import io.playbatch.save.SaveException;
import io.playbatch.tasks.TaskResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * The ledger side of a chunk step, which runs in this (manager) process rather than through the
 * queue: before the step, {@code step_started} and the binding of the step's rendered args to its
 * reader, processor and writer; after it, the node's {@code save} (of the counts) and
 * {@code step_completed} with data {@code {read, written, skipped, filtered}} (this step
 * execution's counts, as in {@code BATCH_STEP_EXECUTION}), or {@code step_failed}, with the
 * node's transitions ({@link StepEvents}). One listener per assembled step; used from the step's thread.
 */
final class ChunkNodeListener implements StepExecutionListener {

    private final PlaybookGraph graph;
    private final StepNode node;
    private final ChunkPlan plan;
    private final StepEvents events;
    private final RunContextLoader contexts;
    private final NodeSave save;
    private final String workerId;
    private long startedEventId;
    private long startNanos;
    private TaskResult bindFailure;

    ChunkNodeListener(PlaybookGraph graph, StepNode node, ChunkPlan plan, StepEvents events,
            RunContextLoader contexts, NodeSave save, String workerId) {
        this.graph = graph;
        this.node = node;
        this.plan = plan;
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
            plan.bind(contexts.load(executionId, graph.path(), node.name()));
        } catch (RenderException e) {
            bindFailure = TaskResult.error("render_error", e.getMessage(), 0, 1, workerId);
            throw new StepTaskFailedException(e.getMessage());
        } catch (ChunkConfigException e) {
            bindFailure = TaskResult.error("bad_args", e.getMessage(), 0, 1, workerId);
            throw new StepTaskFailedException(e.getMessage());
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        long executionId = stepExecution.getJobExecutionId();
        long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("read", stepExecution.getReadCount());
        counts.put("written", stepExecution.getWriteCount());
        counts.put("skipped", stepExecution.getSkipCount());
        counts.put("filtered", stepExecution.getFilterCount());
        if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
            TaskResult result = TaskResult.ok(counts, durationMs, 1, workerId);
            String saveError = save(executionId, counts);
            if (saveError == null) {
                events.completed(executionId, startedEventId, result);
                return null;
            }
            events.failed(executionId, startedEventId,
                    new TaskResult(false, counts, "save_error", saveError, durationMs, 1, workerId));
            // A failed save fails the step: the status set here is the one Spring Batch stores and the job sees.
            stepExecution.setStatus(BatchStatus.FAILED);
            return ExitStatus.FAILED.addExitDescription(saveError);
        }
        TaskResult failure = bindFailure != null ? bindFailure
                : new TaskResult(false, counts, "chunk_failed", message(stepExecution), durationMs, 1,
                        workerId);
        events.failed(executionId, startedEventId, failure);
        return null;
    }

    private String save(long executionId, Map<String, Object> counts) {
        if (node.save() == null) {
            return null;
        }
        try {
            save.save(executionId, graph, node, counts);
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
            return description == null || description.isBlank() ? "chunk step " + stepExecution.getStepName()
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
