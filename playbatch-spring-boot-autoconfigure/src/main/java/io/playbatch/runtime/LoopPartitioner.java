package io.playbatch.runtime;

import io.playbatch.compiler.ir.StepNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits a loop's iterations into at most {@code gridSize} contiguous index ranges
 * ({@code from} inclusive, {@code to} exclusive in each partition's context), named by their range.
 * The same list and grid size give the same partitions, which is what lets Spring Batch's restart
 * skip the completed ones. Called by the loop's manager step, whose execution it reads from
 * {@link StepSynchronizationManager} to find the rendered list.
 */
final class LoopPartitioner implements Partitioner {

    static final String FROM = "playbatch.loop.from";
    static final String TO = "playbatch.loop.to";

    private final StepNode node;
    private final LoopRuns runs;

    LoopPartitioner(StepNode node, LoopRuns runs) {
        this.node = node;
        this.runs = runs;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        StepContext manager = StepSynchronizationManager.getContext();
        if (manager == null) {
            throw new IllegalStateException("loop " + node.name() + " is partitioned outside of its step");
        }
        int size = runs.get(manager.getStepExecution().getJobExecutionId(), node.name()).size();
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        int count = Math.max(1, Math.min(gridSize, size));
        for (int k = 0; k < count && size > 0; k++) {
            int from = (int) ((long) k * size / count);
            int to = (int) ((long) (k + 1) * size / count);
            ExecutionContext context = new ExecutionContext();
            context.putInt(FROM, from);
            context.putInt(TO, to);
            partitions.put("range-" + from + "-" + (to - 1), context);
        }
        return partitions;
    }
}
