package io.playbatch.compiler.batch;

import io.playbatch.compiler.batch.TransitionPlan.Decision;
import io.playbatch.compiler.batch.TransitionPlan.End;
import io.playbatch.compiler.batch.TransitionPlan.Fail;
import io.playbatch.compiler.batch.TransitionPlan.FlowPlan;
import io.playbatch.compiler.batch.TransitionPlan.Outcome;
import io.playbatch.compiler.batch.TransitionPlan.SplitFlow;
import io.playbatch.compiler.batch.TransitionPlan.StepPlan;
import io.playbatch.compiler.batch.TransitionPlan.Target;
import io.playbatch.compiler.batch.TransitionPlan.ToStep;
import io.playbatch.compiler.batch.TransitionPlan.Transition;
import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.GraphAnalysis;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.Split;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes the {@link TransitionPlan} of a compiled graph, walking it flow by flow from {@code start},
 * one flow per parallel branch. A step that completes goes to its {@code next} (a split flow when
 * there are several targets, a {@link PlaybookDecider} when there are cases); a step that fails goes
 * to its {@code on_failure} handler or fails the job; a step without {@code next} ends its flow (a
 * handler of {@code then: fail} ends the job FAILED). The one place these rules live; stateless.
 */
public final class TransitionPlanner {

    // UNKNOWN is a step whose end Spring Batch could not record (its database was unreachable); its code
    // outranks FAILED, so without this transition "*" would run the next step and the job could end
    // COMPLETED with the step's work missing. It fails the job; restart or recovery takes over.
    private static final List<Transition> EVERY_STATE = List.of(new Transition("UNKNOWN", new Fail()));

    /** @throws IllegalArgumentException when the graph has a cycle, an unreachable step or an unjoined split */
    public TransitionPlan plan(PlaybookGraph graph) {
        GraphAnalysis analysis = GraphAnalysis.of(graph);
        if (!analysis.problems().isEmpty()) {
            throw new IllegalArgumentException("playbook " + graph.path() + " has structural problems: "
                    + analysis.problems().get(0).message());
        }
        FlowPlan flow = new Walk(graph, analysis).region(graph.path(), graph.start().name(), null);
        return new TransitionPlan(graph, EVERY_STATE, flow);
    }

    /** The walk of one graph; each region is the part of the graph between an entry and a stop step. */
    private static final class Walk {
        private final PlaybookGraph graph;
        private final GraphAnalysis analysis;

        Walk(PlaybookGraph graph, GraphAnalysis analysis) {
            this.graph = graph;
            this.analysis = analysis;
        }

        /** The flow from {@code entry} until {@code stop} (exclusive; null: until the branches end). */
        FlowPlan region(String name, String entry, String stop) {
            List<StepPlan> steps = new ArrayList<>();
            Deque<String> pending = new ArrayDeque<>(List.of(entry));
            Set<String> done = new HashSet<>();
            while (!pending.isEmpty()) {
                String current = pending.poll();
                if (done.add(current)) {
                    steps.add(step(current, stop, pending));
                }
            }
            return new FlowPlan(name, entry, steps);
        }

        private StepPlan step(String name, String stop, Deque<String> pending) {
            List<Edge> out = graph.outgoing(name);
            List<Transition> transitions = new ArrayList<>();
            Edge failure = out.stream().filter(e -> e.kind() == EdgeKind.ON_FAILURE).findFirst().orElse(null);
            if (failure != null) {
                transitions.add(new Transition("FAILED", new ToStep(failure.to())));
                pending.add(failure.to());
            } else {
                transitions.add(new Transition("FAILED", new Fail()));
            }
            List<Edge> next = out.stream().filter(e -> e.kind() == EdgeKind.NEXT).toList();
            List<Edge> cases = out.stream().filter(e -> e.kind() == EdgeKind.WHEN || e.kind() == EdgeKind.ELSE).toList();
            if (!cases.isEmpty()) {
                transitions.add(new Transition("*", decision(name, cases, stop, pending)));
            } else if (!next.isEmpty()) {
                transitions.add(new Transition("*", target(name, -1, next, stop, pending)));
            } else if (endsRunFailed(name)) {
                transitions.add(new Transition("*", new Fail()));
            } else {
                transitions.add(new Transition("*", new End(null)));
            }
            return new StepPlan(graph.node(name).orElseThrow(), transitions);
        }

        private Decision decision(String name, List<Edge> cases, String stop, Deque<String> pending) {
            List<Outcome> outcomes = new ArrayList<>();
            Set<Integer> seen = new HashSet<>();
            boolean hasElse = false;
            for (Edge edge : cases) {
                if (seen.add(edge.caseIndex())) {
                    List<Edge> targets = cases.stream().filter(e -> e.caseIndex() == edge.caseIndex()).toList();
                    hasElse |= edge.kind() == EdgeKind.ELSE;
                    outcomes.add(new Outcome(PlaybookDecider.label(edge), edge,
                            target(name, edge.caseIndex(), targets, stop, pending)));
                }
            }
            if (!hasElse) {
                outcomes.add(new Outcome(PlaybookDecider.NONE, null, new End(null)));
            }
            return new Decision(graph.node(name).orElseThrow(), cases, outcomes);
        }

        /** One target step, or a split flow over the branches that then goes to their join. */
        private Target target(String from, int caseIndex, List<Edge> edges, String stop, Deque<String> pending) {
            List<String> targets = edges.stream().map(Edge::to).distinct().toList();
            if (targets.size() == 1) {
                String target = targets.get(0);
                if (target.equals(stop)) {
                    return new End(stop);
                }
                pending.add(target);
                return new ToStep(target);
            }
            Split split = analysis.splits().stream()
                    .filter(s -> s.from().equals(from) && s.caseIndex() == caseIndex).findFirst().orElseThrow();
            String branchStop = split.join() != null ? split.join() : stop;
            List<FlowPlan> branches = new ArrayList<>();
            for (String branch : split.branches()) {
                branches.add(region(graph.path() + "/" + branch, branch, branchStop));
            }
            Target after;
            if (split.join() == null || split.join().equals(stop)) {
                after = new End(null);
            } else {
                after = new ToStep(split.join());
                pending.add(split.join());
            }
            String name = graph.path() + "/split-after-" + from + (caseIndex >= 0 ? "-case-" + caseIndex : "");
            return new SplitFlow(name, split.join(), branches,
                    List.of(new Transition("FAILED", new Fail()), new Transition("*", after)));
        }

        /** A handler that some step reaches with {@code then: fail} ends the job FAILED after it runs. */
        private boolean endsRunFailed(String name) {
            return graph.incoming(name).stream().anyMatch(e -> e.kind() == EdgeKind.ON_FAILURE
                    && graph.node(e.from()).map(f -> f.onFailure() != null && !f.onFailure().continueRun())
                            .orElse(false));
        }
    }
}
