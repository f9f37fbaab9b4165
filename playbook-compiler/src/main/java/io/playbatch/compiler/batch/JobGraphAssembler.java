package io.playbatch.compiler.batch;

import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.core.task.TaskExecutor;

/**
 * Turns a {@link PlaybookGraph} into a restartable Spring Batch {@link Job} named after the
 * graph's catalog path: one step per node from the {@link StepFactory}, deciders for {@code when}
 * cases, splits for parallel branches, partitioned steps for loops.
 */
public final class JobGraphAssembler {

    private final JobRepository jobRepository;
    private final StepFactory stepFactory;
    private final TaskExecutor splitExecutor;

    public JobGraphAssembler(JobRepository jobRepository, StepFactory stepFactory, TaskExecutor splitExecutor) {
        this.jobRepository = jobRepository;
        this.stepFactory = stepFactory;
        this.splitExecutor = splitExecutor;
    }

    public Job assemble(PlaybookGraph graph) {
        Map<String, Step> steps = new LinkedHashMap<>();
        for (StepNode node : graph.nodes()) {
            steps.put(node.name(), stepFactory.step(graph, node));
        }
        FlowBuilder<Flow> flow = new FlowBuilder<>(graph.path());
        flow.start(steps.get(graph.start().name()));
        for (StepNode node : graph.nodes()) {
            Step step = steps.get(node.name());
            List<Edge> out = graph.outgoing(node.name());
            List<Edge> next = out.stream().filter(e -> e.kind() == EdgeKind.NEXT).toList();
            List<Edge> cases = out.stream().filter(e -> e.kind() == EdgeKind.WHEN || e.kind() == EdgeKind.ELSE).toList();
            List<Edge> onFailure = out.stream().filter(e -> e.kind() == EdgeKind.ON_FAILURE).toList();
            if (next.size() > 1) {
                throw new IllegalArgumentException("step " + node.name() + ": parallel splits are not assembled yet");
            }
            if (!next.isEmpty()) {
                flow.from(step).on("COMPLETED").to(steps.get(next.get(0).to()));
            } else if (!cases.isEmpty()) {
                JobExecutionDecider decider = decider(graph, node, cases);
                flow.from(step).on("COMPLETED").to(decider);
                for (Edge edge : cases) {
                    flow.from(decider).on(label(edge)).to(steps.get(edge.to()));
                }
                flow.from(decider).on("NONE").end();
            } else if (endsRunFailed(graph, node)) {
                flow.from(step).on("COMPLETED").fail();
            } else {
                flow.from(step).on("COMPLETED").end();
            }
            if (!onFailure.isEmpty()) {
                StepNode handler = graph.node(onFailure.get(0).to()).orElseThrow();
                flow.from(step).on("FAILED").to(steps.get(handler.name()));
            } else {
                flow.from(step).on("*").fail();
            }
        }
        return new JobBuilder(graph.path(), jobRepository).start(flow.build()).end().build();
    }

    /** A terminal handler of an {@code on_failure: {then: fail}} ends the run FAILED once it has run. */
    private static boolean endsRunFailed(PlaybookGraph graph, StepNode node) {
        return graph.incoming(node.name()).stream().anyMatch(e -> e.kind() == EdgeKind.ON_FAILURE
                && graph.node(e.from()).map(from -> !from.onFailure().continueRun()).orElse(false));
    }

    private static String label(Edge edge) {
        return edge.kind() == EdgeKind.ELSE ? "ELSE" : "CASE_" + edge.caseIndex();
    }

    private JobExecutionDecider decider(PlaybookGraph graph, StepNode node, List<Edge> cases) {
        ConditionEvaluator conditions = stepFactory.conditions(graph);
        DecisionListener listener = stepFactory.decisionListener(graph);
        return (jobExecution, stepExecution) -> {
            List<Edge> taken = new ArrayList<>();
            for (Edge edge : cases) {
                if (taken.isEmpty() && (edge.kind() == EdgeKind.ELSE || conditions.test(node, edge, jobExecution))) {
                    int chosen = edge.caseIndex();
                    cases.stream().filter(e -> e.caseIndex() == chosen).forEach(taken::add);
                }
            }
            List<Edge> notTaken = cases.stream().filter(e -> !taken.contains(e)).toList();
            listener.decided(node, taken, notTaken, jobExecution);
            return new FlowExecutionStatus(taken.isEmpty() ? "NONE" : label(taken.get(0)));
        };
    }
}
