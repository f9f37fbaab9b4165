package io.playbatch.runtime;

import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.AppendResult;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventLedger.StepOpening;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.metrics.RunMeters;
import io.playbatch.tasks.TaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The ledger side of one node's step, shared by every kind of node step (tasklet and chunk):
 * {@code step_started} caused by the transition into the node, then {@code step_completed} with
 * the {@code next} transitions or {@code step_failed} with the {@code on_failure} ones. The step's
 * end commits with its transitions, as one fact; a step run inline commits its start with them too
 * ({@link #ranInline}). Duplicates are deduplicated or refused by the ledger.
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
        return started(executionId, ledger.causeOf(executionId, node.name()).orElse(null));
    }

    /** Records {@code step_started} caused by {@code causeEventId}; returns its event id. */
    long started(long executionId, Long causeEventId) {
        return ledger.append(startedEvent(executionId, causeEventId)).eventId();
    }

    /**
     * Records {@code step_completed} and the transitions along the node's {@code next} edges, in
     * one transaction.
     */
    void completed(long executionId, long startedEventId, TaskResult result) {
        ended(executionId, List.of(), startedEventId, true, result, List.of());
    }

    /**
     * Records {@code step_failed} and the transitions along the node's {@code on_failure} edge, in
     * one transaction.
     */
    void failed(long executionId, long startedEventId, TaskResult result) {
        ended(executionId, List.of(), startedEventId, false, result, List.of());
    }

    /**
     * Records the whole of a step that ran in this process in no time worth a commit of its own
     * (docs/compiler.md#steps-run-in-the-manager): {@code step_started} caused by
     * {@code causeEventId}, then {@code step_completed} with the {@code next} transitions or
     * {@code step_failed} with the {@code on_failure} ones, all in one transaction, under the ids
     * the step's opening reserved ({@link #inlineIds} of them).
     */
    void ranInline(long executionId, StepOpening opening, TaskResult result) {
        ended(executionId, List.of(startedEvent(executionId, opening.causeEventId())), null, result.ok(), result,
                opening.reservedIds());
    }

    /** How many events {@link #ranInline} writes at most: the start, the end, and the transitions of either end. */
    int inlineIds() {
        long next = graph.outgoing(node.name()).stream().filter(edge -> edge.kind() == EdgeKind.NEXT).count();
        long onFailure = graph.outgoing(node.name()).stream().filter(edge -> edge.kind() == EdgeKind.ON_FAILURE).count();
        return 2 + (int) Math.max(next, onFailure);
    }

    /**
     * Appends {@code opening} (empty, or the step's {@code step_started}), the step's end and its
     * transitions as one fact, under {@code reserved} ids when there are enough of them; each event's
     * parent is the one before it, or {@code startedEventId}.
     */
    private void ended(long executionId, List<NewEvent> opening, Long startedEventId, boolean completed,
            TaskResult result, List<Long> reserved) {
        List<Edge> edges = graph.outgoing(node.name()).stream()
                .filter(edge -> edge.kind() == (completed ? EdgeKind.NEXT : EdgeKind.ON_FAILURE)).toList();
        int count = opening.size() + 1 + edges.size();
        // Ids in ascending order, drawn before the transaction: the order of the events, and a retry's guard.
        List<Long> ids = reserved.size() >= count ? reserved.subList(0, count) : sorted(ledger.reserveIds(count));
        List<NewEvent> events = new ArrayList<>(opening);
        long parent = opening.isEmpty() ? startedEventId : ids.get(0);
        events.add(completed ? completedEvent(executionId, parent, result) : failedEvent(executionId, parent, result));
        long endEventId = ids.get(opening.size());
        for (Edge edge : edges) {
            events.add(transitions.event(executionId, endEventId, edge));
        }
        List<AppendResult> appended = ledger.appendFact(events, ids);
        finished(appended.get(opening.size()), completed ? "completed" : "failed", result);
        for (int i = 0; i < edges.size(); i++) {
            transitions.recorded(graph.path(), executionId, edges.get(i), appended.get(opening.size() + 1 + i));
        }
    }

    private static List<Long> sorted(List<Long> ids) {
        List<Long> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        return sorted;
    }

    private NewEvent startedEvent(long executionId, Long causeEventId) {
        return NewEvent.of(executionId, EventType.STEP_STARTED).node(node.name(), nodeType()).parent(causeEventId)
                .build();
    }

    private NewEvent completedEvent(long executionId, long startedEventId, TaskResult result) {
        return NewEvent.of(executionId, EventType.STEP_COMPLETED).node(node.name(), nodeType())
                .parent(startedEventId).status("completed").result(result.toEnvelope())
                .attempt(result.attempt()).worker(result.workerId()).duration(result.durationMs()).build();
    }

    private NewEvent failedEvent(long executionId, long startedEventId, TaskResult result) {
        return NewEvent.of(executionId, EventType.STEP_FAILED).node(node.name(), nodeType()).parent(startedEventId)
                .status("failed").result(result.toEnvelope()).error(result.errorMap()).attempt(result.attempt())
                .worker(result.workerId()).duration(result.durationMs()).build();
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

    private String nodeType() {
        return node.kind().name().toLowerCase(Locale.ROOT);
    }
}
