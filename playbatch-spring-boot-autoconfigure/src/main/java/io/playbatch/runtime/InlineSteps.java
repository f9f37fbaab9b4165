package io.playbatch.runtime;

import io.playbatch.beans.PlaybookBeans;
import io.playbatch.chunk.ChunkItems;
import io.playbatch.chunk.ChunkPlan;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.EventLedger;
import io.playbatch.metrics.RunMeters;
import io.playbatch.render.RenderContext;
import io.playbatch.render.StepConfigRenderer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.step.StepExecution;

/**
 * Builds the parts of the steps run in this process rather than through the queue, each with the
 * collaborators it uses: a chunk step's {@link ChunkPlan} (reader, processor and writer, bound when
 * the step starts), a bean step's {@link BeanCall} (docs/beans.md), and the
 * {@link InlineNodeListener} of either. Built once per launcher; thread-safe.
 */
final class InlineSteps {

    private final ChunkItems chunks;
    private final PlaybookBeans beans;
    private final StepConfigRenderer renderer;
    private final EventLedger ledger;
    private final TransitionRecorder transitions;
    private final RunMeters meters;
    private final RunContextLoader contexts;
    private final NodeSave save;
    private final String workerId;

    InlineSteps(ChunkItems chunks, PlaybookBeans beans, StepConfigRenderer renderer, EventLedger ledger,
            TransitionRecorder transitions, RunMeters meters, RunContextLoader contexts, NodeSave save,
            String workerId) {
        this.chunks = chunks;
        this.beans = beans;
        this.renderer = renderer;
        this.ledger = ledger;
        this.transitions = transitions;
        this.meters = meters;
        this.contexts = contexts;
        this.save = save;
        this.workerId = workerId;
    }

    BeanCall beanCall(StepNode node) {
        return new BeanCall(beans, renderer, node);
    }

    ChunkPlan plan(StepNode node) {
        return new ChunkPlan(chunks, node.name(), node.task().args());
    }

    /**
     * The chunk step's ledger side; its data is {@code {read, written, skipped, filtered}}, this step
     * execution's counts as in {@code BATCH_STEP_EXECUTION}.
     */
    InlineNodeListener chunkListener(PlaybookGraph graph, StepNode node, ChunkPlan plan) {
        InlineNodeListener.Work work = new InlineNodeListener.Work() {
            @Override
            public void bind(RenderContext context, StepExecution stepExecution) {
                plan.bind(context, stepExecution.getExecutionContext());
            }

            @Override
            public Object data(StepExecution stepExecution) {
                Map<String, Object> counts = new LinkedHashMap<>();
                counts.put("read", stepExecution.getReadCount());
                counts.put("written", stepExecution.getWriteCount());
                counts.put("skipped", stepExecution.getSkipCount());
                counts.put("filtered", stepExecution.getFilterCount());
                return counts;
            }

            @Override
            public String failureType() {
                return "chunk_failed";
            }
        };
        return listener(graph, node, work);
    }

    InlineNodeListener listener(PlaybookGraph graph, StepNode node, InlineNodeListener.Work work) {
        return new InlineNodeListener(graph, node, work, new StepEvents(graph, node, ledger, transitions, meters),
                contexts, save, workerId);
    }
}
