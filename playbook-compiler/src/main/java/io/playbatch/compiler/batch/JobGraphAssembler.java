package io.playbatch.compiler.batch;

import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.GraphAnalysis;
import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.Split;
import io.playbatch.compiler.ir.StepNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.core.task.TaskExecutor;

/**
 * Turns a {@link PlaybookGraph} into a restartable Spring Batch {@link Job} named after the
 * graph's catalog path: one step per node from the {@link StepFactory}, deciders for {@code when}
 * cases, splits for parallel branches, partitioned steps for loops.
 * <p>
 * Transitions: a step that completes goes to its {@code next} (a split flow when there are several
 * targets, a {@link PlaybookDecider} when there are cases); a step that fails goes to its
 * {@code on_failure} handler or fails the job; a step without {@code next} ends its branch (a
 * handler of {@code then: fail} ends the job FAILED). Steps do not re-run once completed, so a
 * restart resumes where the failed execution stopped and only failed partitions of a loop re-run.
 * The graph must come from a successful compilation; a graph with structural problems is refused.
 */
public final class JobGraphAssembler {

    /** Suffix of the step that runs one partition of a loop: {@code <loop step>:partition}. */
    public static final String PARTITION_SUFFIX = ":partition";

    private final JobRepository jobRepository;
    private final StepFactory stepFactory;
    private final TaskExecutor splitExecutor;

    public JobGraphAssembler(JobRepository jobRepository, StepFactory stepFactory, TaskExecutor splitExecutor) {
        this.jobRepository = jobRepository;
        this.stepFactory = stepFactory;
        this.splitExecutor = splitExecutor;
    }

    /** @throws IllegalArgumentException when the graph has a cycle, an unreachable step or an unjoined split */
    public Job assemble(PlaybookGraph graph) {
        GraphAnalysis analysis = GraphAnalysis.of(graph);
        if (!analysis.problems().isEmpty()) {
            throw new IllegalArgumentException("playbook " + graph.path() + " is not assemblable: "
                    + analysis.problems().get(0).message());
        }
        Map<String, Step> steps = new LinkedHashMap<>();
        for (StepNode node : graph.nodes()) {
            steps.put(node.name(), node.kind() == NodeKind.LOOP ? partitionedStep(graph, node)
                    : node.kind() == NodeKind.AGENT_LOOP ? stepFactory.agentLoopStep(graph, node)
                    : stepFactory.step(graph, node));
        }
        Flow flow = new Assembly(graph, analysis, steps).region(graph.path(), graph.start().name(), null);
        return new JobBuilder(graph.path(), jobRepository).start(flow).end().build();
    }

    private Step partitionedStep(PlaybookGraph graph, StepNode node) {
        Step worker = stepFactory.partitionWorkerStep(graph, node);
        PartitionHandler handler = stepFactory.partitionHandler(graph, node, worker);
        return new StepBuilder(node.name(), jobRepository)
                .partitioner(node.name() + PARTITION_SUFFIX, stepFactory.partitioner(graph, node))
                .partitionHandler(handler)
                .build();
    }

    /** The flows of one graph; each region is the part of the graph between an entry and a stop node. */
    private final class Assembly {
        private final PlaybookGraph graph;
        private final GraphAnalysis analysis;
        private final Map<String, Step> steps;

        Assembly(PlaybookGraph graph, GraphAnalysis analysis, Map<String, Step> steps) {
            this.graph = graph;
            this.analysis = analysis;
            this.steps = steps;
        }

        /** The flow from {@code entry} until {@code stop} (exclusive; null: until the branches end). */
        Flow region(String name, String entry, String stop) {
            FlowBuilder<SimpleFlow> flow = new FlowBuilder<>(name);
            flow.start(steps.get(entry));
            Deque<String> pending = new ArrayDeque<>(List.of(entry));
            Set<String> done = new HashSet<>();
            while (!pending.isEmpty()) {
                String current = pending.poll();
                if (done.add(current)) {
                    transitions(flow, current, stop, pending);
                }
            }
            return flow.build();
        }

        private void transitions(FlowBuilder<SimpleFlow> flow, String name, String stop, Deque<String> pending) {
            StepNode node = graph.node(name).orElseThrow();
            Step step = steps.get(name);
            List<Edge> out = graph.outgoing(name);
            Edge failure = out.stream().filter(e -> e.kind() == EdgeKind.ON_FAILURE).findFirst().orElse(null);
            // UNKNOWN is a step whose end Spring Batch could not record (its database was unreachable); its
            // code outranks FAILED, so without this transition "*" would run the next step and the job could
            // end COMPLETED with the step's work missing. It fails the job; restart or recovery takes over.
            flow.from(step).on("UNKNOWN").fail();
            if (failure != null) {
                flow.from(step).on("FAILED").to(steps.get(failure.to()));
                pending.add(failure.to());
            } else {
                flow.from(step).on("FAILED").fail();
            }
            List<Edge> next = out.stream().filter(e -> e.kind() == EdgeKind.NEXT).toList();
            List<Edge> cases = out.stream().filter(e -> e.kind() == EdgeKind.WHEN || e.kind() == EdgeKind.ELSE).toList();
            if (!cases.isEmpty()) {
                PlaybookDecider decider = new PlaybookDecider(node, cases, stepFactory.conditions(graph),
                        stepFactory.decisionListener(graph));
                flow.from(step).on("*").to(decider);
                Set<Integer> seen = new HashSet<>();
                boolean hasElse = false;
                for (Edge edge : cases) {
                    if (seen.add(edge.caseIndex())) {
                        List<String> targets = cases.stream().filter(e -> e.caseIndex() == edge.caseIndex())
                                .map(Edge::to).distinct().toList();
                        hasElse |= edge.kind() == EdgeKind.ELSE;
                        String label = PlaybookDecider.label(edge);
                        go(flow, () -> flow.from(decider).on(label), name, edge.caseIndex(), targets, stop, pending);
                    }
                }
                if (!hasElse) {
                    flow.from(decider).on(PlaybookDecider.NONE).end();
                }
            } else if (!next.isEmpty()) {
                go(flow, () -> flow.from(step).on("*"), name, -1, next.stream().map(Edge::to).distinct().toList(),
                        stop, pending);
            } else if (endsRunFailed(name)) {
                flow.from(step).on("*").fail();
            } else {
                flow.from(step).on("*").end();
            }
        }

        /** Adds the transition {@code on} to one target, or to a split flow and then its join. */
        private void go(FlowBuilder<SimpleFlow> flow, Supplier<FlowBuilder.TransitionBuilder<SimpleFlow>> on,
                String from, int caseIndex, List<String> targets, String stop, Deque<String> pending) {
            if (targets.size() == 1) {
                String target = targets.get(0);
                if (target.equals(stop)) {
                    on.get().end();
                } else {
                    on.get().to(steps.get(target));
                    pending.add(target);
                }
                return;
            }
            Split split = analysis.splits().stream()
                    .filter(s -> s.from().equals(from) && s.caseIndex() == caseIndex).findFirst().orElseThrow();
            String branchStop = split.join() != null ? split.join() : stop;
            List<Flow> branches = new ArrayList<>();
            for (String branch : split.branches()) {
                branches.add(region(graph.path() + "/" + branch, branch, branchStop));
            }
            Flow splitFlow = new FlowBuilder<SimpleFlow>(graph.path() + "/split-after-" + from
                    + (caseIndex >= 0 ? "-case-" + caseIndex : ""))
                    .split(splitExecutor).add(branches.toArray(Flow[]::new)).build();
            on.get().to(splitFlow);
            flow.from(splitFlow).on("FAILED").fail();
            flow.from(splitFlow).on("UNKNOWN").fail();
            if (split.join() == null || split.join().equals(stop)) {
                flow.from(splitFlow).on("*").end();
            } else {
                flow.from(splitFlow).on("*").to(steps.get(split.join()));
                pending.add(split.join());
            }
        }

        /** A handler that some step reaches with {@code then: fail} ends the job FAILED after it runs. */
        private boolean endsRunFailed(String name) {
            return graph.incoming(name).stream().anyMatch(e -> e.kind() == EdgeKind.ON_FAILURE
                    && graph.node(e.from()).map(f -> f.onFailure() != null && !f.onFailure().continueRun())
                            .orElse(false));
        }
    }
}
