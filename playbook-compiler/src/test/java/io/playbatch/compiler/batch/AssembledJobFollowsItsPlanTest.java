package io.playbatch.compiler.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.batch.TransitionPlan.Decision;
import io.playbatch.compiler.batch.TransitionPlan.End;
import io.playbatch.compiler.batch.TransitionPlan.FlowPlan;
import io.playbatch.compiler.batch.TransitionPlan.SplitFlow;
import io.playbatch.compiler.batch.TransitionPlan.StepPlan;
import io.playbatch.compiler.batch.TransitionPlan.Target;
import io.playbatch.compiler.batch.TransitionPlan.ToStep;
import io.playbatch.compiler.batch.TransitionPlan.Transition;
import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.FlowJob;
import org.springframework.batch.core.job.flow.State;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.job.flow.support.StateTransition;
import org.springframework.batch.core.job.flow.support.state.DecisionState;
import org.springframework.batch.core.job.flow.support.state.EndState;
import org.springframework.batch.core.job.flow.support.state.FlowState;
import org.springframework.batch.core.job.flow.support.state.SplitState;
import org.springframework.batch.core.job.flow.support.state.StepState;
import org.springframework.batch.core.partition.PartitionStep;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.core.task.SyncTaskExecutor;

/**
 * For every playbook under {@code job-configs/examples} (none is left out: all compile), the job the
 * assembler builds has exactly the flows, steps and transitions of the {@link TransitionPlan} that
 * {@code compile --explain} prints. Both sides are written in one neutral form, flows in order and
 * each flow's steps and transitions sorted, so the order Spring Batch keeps them in does not matter.
 */
class AssembledJobFollowsItsPlanTest {

    private static final Path EXAMPLES = Path.of("../job-configs/examples");
    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();

    private final JobRepository repository = new ResourcelessJobRepository();
    private final JobGraphAssembler assembler = new JobGraphAssembler(repository,
            new RecordingStepFactory(repository), new SyncTaskExecutor());

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void assembledJobHasTheFlowsStepsAndTransitionsOfThePlanExplainPrints(Path example) throws Exception {
        CompilationResult result = COMPILER.compile(example);
        assertThat(result.diagnostics()).as("diagnostics of " + example).isEmpty();
        PlaybookGraph graph = result.graph().orElseThrow();

        TransitionPlan plan = new TransitionPlanner().plan(graph);
        Job job = assembler.assemble(graph);

        String planned = new PlanForm(plan).flow(plan.flow(), 0);
        assertThat(new JobForm().flow(jobFlow(job), 0)).as("assembled job of " + example).isEqualTo(planned);
        assertThat(planned).contains("step start");
    }

    /** Spring Batch exposes neither a FlowJob's flow nor a SimpleFlow's transitions; the test reads them. */
    private static SimpleFlow jobFlow(Job job) throws ReflectiveOperationException {
        Field flow = FlowJob.class.getDeclaredField("flow");
        flow.setAccessible(true);
        return (SimpleFlow) flow.get(job);
    }

    /** The plan in the neutral form. */
    private record PlanForm(TransitionPlan plan) {

        String flow(FlowPlan flow, int depth) {
            List<String> steps = new ArrayList<>();
            for (StepPlan step : flow.steps()) {
                steps.add(indent(depth + 1) + (step.node().kind() == NodeKind.LOOP ? "partitioned " : "") + "step "
                        + step.node().name() + ": " + transitions(step.transitions(), depth + 1));
            }
            return indent(depth) + "flow " + flow.name() + " starts at " + flow.entry() + "\n" + sorted(steps);
        }

        private String transitions(List<Transition> own, int depth) {
            List<String> all = new ArrayList<>();
            Stream.concat(plan.everyState().stream(), own.stream())
                    .forEach(t -> all.add(t.on() + " -> " + target(t.to(), depth)));
            return "{" + String.join(", ", all.stream().sorted().toList()) + "}";
        }

        private String target(Target target, int depth) {
            if (target instanceof ToStep step) {
                return "step " + step.step();
            }
            if (target instanceof End) {
                return "end";
            }
            if (target instanceof Decision decision) {
                return "decision " + String.join(", ", decision.outcomes().stream()
                        .map(o -> o.status() + " -> " + target(o.to(), depth)).sorted().toList());
            }
            if (target instanceof SplitFlow split) {
                List<String> branches = new ArrayList<>();
                for (FlowPlan branch : split.branches()) {
                    branches.add(flow(branch, depth + 1));
                }
                return "split " + split.name() + " then " + transitions(split.transitions(), depth) + "\n"
                        + String.join("", branches);
            }
            return "fail";
        }
    }

    /** The assembled job's flow in the neutral form. */
    private static final class JobForm {

        String flow(Flow flow, int depth) throws Exception {
            // A flow reads its transitions on first use; the job has not run.
            SimpleFlow simple = (SimpleFlow) flow;
            simple.afterPropertiesSet();
            List<String> steps = new ArrayList<>();
            for (State state : simple.getStates()) {
                if (state instanceof StepState step) {
                    steps.add(indent(depth + 1) + (step.getStep() instanceof PartitionStep ? "partitioned " : "")
                            + "step " + step.getStep().getName() + ": " + transitions(simple, state, depth + 1));
                }
            }
            String start = ((StepState) simple.getStartState()).getStep().getName();
            return indent(depth) + "flow " + flow.getName() + " starts at " + start + "\n" + sorted(steps);
        }

        private String transitions(SimpleFlow flow, State from, int depth) throws Exception {
            List<String> all = new ArrayList<>();
            for (StateTransition transition : transitionMap(flow).get(from.getName())) {
                if (from instanceof DecisionState && transition.getPattern().equals("*")) {
                    // Spring Batch's FlowBuilder gives a state without a "*" transition one to a FAILED end. A
                    // PlaybookDecider answers only the statuses the plan maps, so this transition is never taken.
                    continue;
                }
                all.add(transition.getPattern() + " -> " + target(flow, flow.getState(transition.getNext()), depth));
            }
            return "{" + String.join(", ", all.stream().sorted().toList()) + "}";
        }

        private String target(SimpleFlow flow, State state, int depth) throws Exception {
            if (state instanceof StepState step) {
                return "step " + step.getStep().getName();
            }
            if (state instanceof EndState end) {
                return end.toString().contains("FAILED") ? "fail" : "end";
            }
            if (state instanceof DecisionState) {
                String transitions = transitions(flow, state, depth);
                return "decision " + transitions.substring(1, transitions.length() - 1);
            }
            if (state instanceof FlowState wrapper) {
                SimpleFlow splitFlow = (SimpleFlow) wrapper.getFlows().iterator().next();
                splitFlow.afterPropertiesSet();
                SplitState split = (SplitState) splitFlow.getStartState();
                StringBuilder branches = new StringBuilder();
                for (Flow branch : split.getFlows()) {
                    branches.append(flow(branch, depth + 1));
                }
                return "split " + splitFlow.getName() + " then " + transitions(flow, state, depth) + "\n" + branches;
            }
            return "unexpected state " + state;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Collection<StateTransition>> transitionMap(SimpleFlow flow)
                throws ReflectiveOperationException {
            Method map = SimpleFlow.class.getDeclaredMethod("getTransitionMap");
            map.setAccessible(true);
            return (Map<String, Collection<StateTransition>>) map.invoke(flow);
        }
    }

    private static String sorted(List<String> lines) {
        return String.join("", lines.stream().sorted().map(line -> line + "\n").toList());
    }

    private static String indent(int depth) {
        return "  ".repeat(depth);
    }
}
