package io.playbatch.runtime;

import io.playbatch.beans.PlaybookBeans;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.EventLedger;
import io.playbatch.metrics.RunMeters;
import io.playbatch.render.StepConfigRenderer;

/**
 * Builds the parts of a bean step ({@code type: bean}, docs/beans.md) run in this process: the
 * {@link BeanCall} that is both its tasklet and its work, and its {@link InlineNodeListener}. Built
 * once per launcher; thread-safe.
 */
final class BeanSteps {

    private final PlaybookBeans beans;
    private final StepConfigRenderer renderer;
    private final EventLedger ledger;
    private final TransitionRecorder transitions;
    private final RunMeters meters;
    private final RunContextLoader contexts;
    private final NodeSave save;
    private final String workerId;

    BeanSteps(PlaybookBeans beans, StepConfigRenderer renderer, EventLedger ledger, TransitionRecorder transitions,
            RunMeters meters, RunContextLoader contexts, NodeSave save, String workerId) {
        this.beans = beans;
        this.renderer = renderer;
        this.ledger = ledger;
        this.transitions = transitions;
        this.meters = meters;
        this.contexts = contexts;
        this.save = save;
        this.workerId = workerId;
    }

    BeanCall call(StepNode node) {
        return new BeanCall(beans, renderer, node);
    }

    InlineNodeListener listener(PlaybookGraph graph, StepNode node, BeanCall call) {
        return new InlineNodeListener(graph, node, call, new StepEvents(graph, node, ledger, transitions, meters),
                contexts, save, workerId);
    }
}
