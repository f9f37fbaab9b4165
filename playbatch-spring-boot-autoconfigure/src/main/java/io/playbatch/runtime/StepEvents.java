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
        ended(executionId, startedEventId, true, result);
    }

    /**
     * Records {@code step_failed} and the transitions along the node's {@code on_failure} edge, in
     * one transaction.
     */
    void failed(long executionId, long startedEventId, TaskResult result) {
        ended(executionId, startedEventId, false, result);
    }

    /**
     * Records the whole of a step that ran in this process in no time worth a commit of its own
     * (docs/compiler.md#steps-run-in-the-manager): {@code step_started} caused by the opening's
     * cause, then {@code step_completed} with the {@code next} transitions or {@code step_failed}
     * with the {@code on_failure} ones, all in one transaction, under the ids the step's opening
     * reserved ({@link #inlineIds} of them).
     */
    void ranInline(long executionId, StepOpening opening, TaskResult result) {
        Course course = course(executionId, opening, result.ok(), result);
        recorded(executionId, course, ledger.appendFact(course.events(), course.ids()), result);
    }

    /**
     * Records the whole of a step that runs nothing (a router: START, END, a {@code noop} without
     * args) as {@link #ranInline} does, its pre-checks included in the same transaction
     * ({@link EventLedger#appendStepCourse}): nothing is written for a step carried over.
     */
    void ranNothing(long executionId, TaskResult result) {
        List<AppendResult> appended = ledger.appendStepCourse(executionId, node.name(), inlineIds(),
                opening -> course(executionId, opening, true, result).events());
        if (!appended.isEmpty()) {
            // The course's layout: step_started, step_completed, then the next transitions.
            recorded(executionId, 1, edges(true), true, appended, result);
        }
    }

    /** How many events {@link #ranInline} writes at most: the start, the end, and the transitions of either end. */
    int inlineIds() {
        long next = graph.outgoing(node.name()).stream().filter(edge -> edge.kind() == EdgeKind.NEXT).count();
        long onFailure = graph.outgoing(node.name()).stream().filter(edge -> edge.kind() == EdgeKind.ON_FAILURE).count();
        return 2 + (int) Math.max(next, onFailure);
    }

    /**
     * Appends the step's end and its transitions as one fact; the end's parent is
     * {@code startedEventId}, each transition's the end.
     */
    private void ended(long executionId, long startedEventId, boolean completed, TaskResult result) {
        List<Edge> edges = edges(completed);
        // Ids in ascending order, drawn before the transaction: the order of the events, and a retry's guard.
        List<Long> ids = sorted(ledger.reserveIds(1 + edges.size()));
        Course course = course(executionId, null, startedEventId, completed, result, edges, ids);
        recorded(executionId, course, ledger.appendFact(course.events(), course.ids()), result);
    }

    /** The step's start, its end and its transitions, under the opening's reserved ids. */
    private Course course(long executionId, StepOpening opening, boolean completed, TaskResult result) {
        List<Edge> edges = edges(completed);
        List<Long> ids = opening.reservedIds().subList(0, 2 + edges.size());
        return course(executionId, startedEvent(executionId, opening.causeEventId()), ids.get(0), completed, result,
                edges, ids);
    }

    private Course course(long executionId, NewEvent started, long startedEventId, boolean completed,
            TaskResult result, List<Edge> edges, List<Long> ids) {
        List<NewEvent> events = new ArrayList<>();
        if (started != null) {
            events.add(started);
        }
        int end = events.size();
        events.add(completed ? completedEvent(executionId, startedEventId, result)
                : failedEvent(executionId, startedEventId, result));
        for (Edge edge : edges) {
            events.add(transitions.event(executionId, ids.get(end), edge));
        }
        return new Course(events, ids, end, edges, completed);
    }

    /** The meters and log lines of a course the ledger holds. */
    private void recorded(long executionId, Course course, List<AppendResult> appended, TaskResult result) {
        recorded(executionId, course.end(), course.edges(), course.completed(), appended, result);
    }

    private void recorded(long executionId, int end, List<Edge> edges, boolean completed,
            List<AppendResult> appended, TaskResult result) {
        finished(appended.get(end), completed ? "completed" : "failed", result);
        for (int i = 0; i < edges.size(); i++) {
            transitions.recorded(graph.path(), executionId, edges.get(i), appended.get(end + 1 + i));
        }
    }

    private List<Edge> edges(boolean completed) {
        return graph.outgoing(node.name()).stream()
                .filter(edge -> edge.kind() == (completed ? EdgeKind.NEXT : EdgeKind.ON_FAILURE)).toList();
    }

    /** Events of one step to append as one fact, their ids, where the end is, and the transitions after it. */
    private record Course(List<NewEvent> events, List<Long> ids, int end, List<Edge> edges, boolean completed) {
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
