package io.playbatch.runtime;

import io.playbatch.compiler.batch.ConditionEvaluator;
import io.playbatch.compiler.batch.DecisionListener;
import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.render.RenderContext;
import io.playbatch.render.StepConfigRenderer;
import java.util.List;

/**
 * The decisions of a playbook's graph: {@code when} cases evaluated against the ledger's view of the
 * execution, and each decision recorded as {@code transition} events along the edges taken and
 * {@code step_skipped} for the nodes only the edges not taken lead to. Thread-safe.
 */
final class GraphDecisions {

    private final RunContextLoader contexts;
    private final StepConfigRenderer renderer;
    private final EventLedger ledger;
    private final TransitionRecorder transitions;

    GraphDecisions(RunContextLoader contexts, StepConfigRenderer renderer, EventLedger ledger,
            TransitionRecorder transitions) {
        this.contexts = contexts;
        this.renderer = renderer;
        this.ledger = ledger;
        this.transitions = transitions;
    }

    ConditionEvaluator conditions(PlaybookGraph graph) {
        return (from, whenEdge, jobExecution) -> {
            RenderContext context = contexts.load(jobExecution.getId(), graph.path(), from.name());
            return renderer.test(whenEdge.condition(), context, "next[" + whenEdge.caseIndex() + "].when");
        };
    }

    DecisionListener listener(PlaybookGraph graph) {
        return (from, taken, notTaken, jobExecution) -> {
            long executionId = jobExecution.getId();
            long cause = ledger.latestEventId(executionId, EventType.STEP_COMPLETED, from.name())
                    .orElseGet(() -> ledger.causeOf(executionId, from.name()).orElseThrow());
            for (Edge edge : taken) {
                transitions.record(graph.path(), executionId, cause, edge);
            }
            List<String> takenTargets = taken.stream().map(Edge::to).toList();
            for (Edge edge : notTaken) {
                // A node another path can still reach (a join) is not skipped by this decision.
                boolean onlyFromHere = graph.incoming(edge.to()).stream().allMatch(e -> e.from().equals(from.name()));
                if (onlyFromHere && !takenTargets.contains(edge.to())) {
                    ledger.append(NewEvent.of(executionId, EventType.STEP_SKIPPED)
                            .node(edge.to(), graph.node(edge.to()).map(n -> n.kind().name().toLowerCase()).orElse(null))
                            .parent(cause).status("skipped").build());
                }
            }
        };
    }
}
