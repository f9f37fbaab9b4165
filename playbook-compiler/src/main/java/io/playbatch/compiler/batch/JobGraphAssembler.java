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
import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.FlowBuilder.TransitionBuilder;
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
 * graph's catalog path: one step per node from the {@link StepFactory} (a partitioned step for a
 * loop), and the flows, deciders, splits and transitions of the graph's {@link TransitionPlan},
 * each translated into one {@link FlowBuilder} call and nothing added, so the job is what
 * {@code compile --explain} prints. Steps do not re-run once completed, so a restart resumes where
 * the failed execution stopped and only failed partitions of a loop re-run. The graph must come
 * from a successful compilation; a graph with structural problems is refused.
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
        TransitionPlan plan = new TransitionPlanner().plan(graph);
        Map<String, Step> steps = new LinkedHashMap<>();
        for (StepNode node : graph.nodes()) {
            steps.put(node.name(), node.kind() == NodeKind.LOOP ? partitionedStep(graph, node)
                    : node.kind() == NodeKind.AGENT_LOOP ? stepFactory.agentLoopStep(graph, node)
                    : stepFactory.step(graph, node));
        }
        Flow flow = new Translation(plan, steps).flow(plan.flow());
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

    /** The builder calls of one plan. */
    private final class Translation {
        private final TransitionPlan plan;
        private final Map<String, Step> steps;

        Translation(TransitionPlan plan, Map<String, Step> steps) {
            this.plan = plan;
            this.steps = steps;
        }

        Flow flow(FlowPlan planned) {
            FlowBuilder<SimpleFlow> flow = new FlowBuilder<>(planned.name());
            flow.start(steps.get(planned.entry()));
            for (StepPlan step : planned.steps()) {
                Step from = steps.get(step.node().name());
                transitions(flow, () -> flow.from(from), step.transitions());
            }
            return flow.build();
        }

        /** The transitions every state has, then the state's own. */
        private void transitions(FlowBuilder<SimpleFlow> flow, Supplier<FlowBuilder<SimpleFlow>> from,
                List<Transition> own) {
            for (Transition transition : plan.everyState()) {
                go(flow, from.get().on(transition.on()), transition.to());
            }
            for (Transition transition : own) {
                go(flow, from.get().on(transition.on()), transition.to());
            }
        }

        private void go(FlowBuilder<SimpleFlow> flow, TransitionBuilder<SimpleFlow> on, Target target) {
            if (target instanceof ToStep step) {
                on.to(steps.get(step.step()));
            } else if (target instanceof End) {
                on.end();
            } else if (target instanceof Fail) {
                on.fail();
            } else if (target instanceof Decision decision) {
                PlaybookDecider decider = new PlaybookDecider(decision.after(), decision.cases(),
                        stepFactory.conditions(plan.graph()), stepFactory.decisionListener(plan.graph()));
                on.to(decider);
                for (Outcome outcome : decision.outcomes()) {
                    go(flow, flow.from(decider).on(outcome.status()), outcome.to());
                }
            } else if (target instanceof SplitFlow split) {
                Flow splitFlow = new FlowBuilder<SimpleFlow>(split.name()).split(splitExecutor)
                        .add(split.branches().stream().map(this::flow).toArray(Flow[]::new)).build();
                on.to(splitFlow);
                transitions(flow, () -> flow.from(splitFlow), split.transitions());
            }
        }
    }
}
