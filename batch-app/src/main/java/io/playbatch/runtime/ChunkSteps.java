package io.playbatch.runtime;

import io.playbatch.chunk.ChunkItems;
import io.playbatch.chunk.ChunkPlan;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.EventLedger;
import io.playbatch.metrics.RunMeters;

/**
 * Builds the parts of a chunk step run in this process: its {@link ChunkPlan} (reader, processor and
 * writer, bound when the step starts) and its {@link ChunkNodeListener}, each with the collaborators
 * it uses. Built once per launcher; thread-safe.
 */
final class ChunkSteps {

    private final ChunkItems chunks;
    private final EventLedger ledger;
    private final TransitionRecorder transitions;
    private final RunMeters meters;
    private final RunContextLoader contexts;
    private final NodeSave save;
    private final String workerId;

    ChunkSteps(ChunkItems chunks, EventLedger ledger, TransitionRecorder transitions, RunMeters meters,
            RunContextLoader contexts, NodeSave save, String workerId) {
        this.chunks = chunks;
        this.ledger = ledger;
        this.transitions = transitions;
        this.meters = meters;
        this.contexts = contexts;
        this.save = save;
        this.workerId = workerId;
    }

    ChunkPlan plan(StepNode node) {
        return new ChunkPlan(chunks, node.name(), node.task().args());
    }

    ChunkNodeListener listener(PlaybookGraph graph, StepNode node, ChunkPlan plan) {
        return new ChunkNodeListener(graph, node, plan, new StepEvents(graph, node, ledger, transitions, meters),
                contexts, save, workerId);
    }
}
