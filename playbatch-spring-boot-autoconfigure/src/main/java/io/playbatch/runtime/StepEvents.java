package io.playbatch.runtime;

import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.AppendResult;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.metrics.RunMeters;
import io.playbatch.tasks.TaskResult;
import java.time.Duration;
import java.util.Locale;

/**
 * The ledger side of one node's step, shared by every kind of node step (tasklet and chunk):
 * {@code step_started} caused by the transition into the node, then {@code step_completed} with
 * the {@code next} transitions or {@code step_failed} with the {@code on_failure} ones. Every
 * append commits on its own; duplicates are deduplicated by the ledger.
 */
final class StepEvents {

    private final PlaybookGraph graph;
    private final StepNode node;
    private final EventLedger ledger;
    private final TransitionRecorder transitions;
    private final RunMeters meters;

    StepEvents(PlaybookGraph graph, StepNode node, EventLedger ledger, TransitionRecorder transitions,
            RunMeters meters) {
        this.graph = graph;
        this.node = node;
        this.ledger = ledger;
        this.transitions = transitions;
        this.meters = meters;
    }

    /** Records {@code step_started}; returns its event id. */
    long started(long executionId) {
        Long cause = ledger.causeOf(executionId, node.name()).orElse(null);
        return ledger.append(NewEvent.of(executionId, EventType.STEP_STARTED)
                .node(node.name(), nodeType()).parent(cause).build()).eventId();
    }

    /** Records {@code step_completed} and the transitions along the node's {@code next} edges. */
    void completed(long executionId, long startedEventId, TaskResult result) {
        AppendResult completed = ledger.append(NewEvent.of(executionId, EventType.STEP_COMPLETED)
                .node(node.name(), nodeType()).parent(startedEventId).status("completed")
                .result(result.toEnvelope()).attempt(result.attempt()).worker(result.workerId())
                .duration(result.durationMs()).build());
        finished(completed, "completed", result);
        transitions(executionId, completed.eventId(), EdgeKind.NEXT);
    }

    /** Records {@code step_failed} and the transitions along the node's {@code on_failure} edge. */
    void failed(long executionId, long startedEventId, TaskResult result) {
        AppendResult failed = ledger.append(NewEvent.of(executionId, EventType.STEP_FAILED)
                .node(node.name(), nodeType()).parent(startedEventId).status("failed")
                .result(result.toEnvelope()).error(result.errorMap()).attempt(result.attempt())
                .worker(result.workerId()).duration(result.durationMs()).build());
        finished(failed, "failed", result);
        transitions(executionId, failed.eventId(), EdgeKind.ON_FAILURE);
    }

    /**
     * Records {@code step_failed} with status {@code stopped} for a step whose task was withdrawn
     * from the queue by a stop; no {@code on_failure} transition (a stop is not a failure to handle).
     */
    void stopped(long executionId, long startedEventId, TaskResult result) {
        AppendResult stopped = ledger.append(NewEvent.of(executionId, EventType.STEP_FAILED)
                .node(node.name(), nodeType()).parent(startedEventId).status("stopped")
                .result(result.toEnvelope()).error(result.errorMap()).attempt(result.attempt())
                .worker(result.workerId()).duration(result.durationMs()).build());
        finished(stopped, "stopped", result);
    }

    /** The step's duration histogram, once per step end the ledger kept (a duplicate is not counted twice). */
    private void finished(AppendResult appended, String outcome, TaskResult result) {
        if (!appended.deduplicated()) {
            meters.stepFinished(graph.path(), node.name(), outcome, Duration.ofMillis(result.durationMs()));
        }
    }

    private void transitions(long executionId, long causeEventId, EdgeKind kind) {
        for (Edge edge : graph.outgoing(node.name())) {
            if (edge.kind() == kind) {
                transitions.record(graph.path(), executionId, causeEventId, edge);
            }
        }
    }

    private String nodeType() {
        return node.kind().name().toLowerCase(Locale.ROOT);
    }
}
