package io.playbatch.compiler.batch;

import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import java.util.List;

/**
 * The flows, steps and transitions of the Spring Batch job a playbook becomes, decided once by the
 * {@link TransitionPlanner}: {@link JobGraphAssembler} turns it into builder calls and
 * {@link JobGraphExplainer} prints it, so {@code compile --explain} describes the job that runs.
 * Immutable; flows and steps are in the order the planner walked them, which is the order both read them.
 *
 * @param graph      the compiled playbook the plan was made from
 * @param everyState the transitions every step and every split has besides its own
 * @param flow       the job's top flow, named after the graph's catalog path
 */
public record TransitionPlan(PlaybookGraph graph, List<Transition> everyState, FlowPlan flow) {

    public TransitionPlan {
        everyState = List.copyOf(everyState);
    }

    /** A flow: starts at the step {@code entry}; its steps are listed in walk order, the entry first. */
    public record FlowPlan(String name, String entry, List<StepPlan> steps) {
        public FlowPlan {
            steps = List.copyOf(steps);
        }
    }

    /** One step of a flow and its own transitions (those of {@link TransitionPlan#everyState()} apply too). */
    public record StepPlan(StepNode node, List<Transition> transitions) {
        public StepPlan {
            transitions = List.copyOf(transitions);
        }
    }

    /** On an exit status matching {@code on} (a Spring Batch pattern: {@code FAILED}, {@code *}), go {@code to}. */
    public record Transition(String on, Target to) {
    }

    /** Where a transition goes. */
    public sealed interface Target permits ToStep, Decision, SplitFlow, End, Fail {
    }

    /** To a step of the same flow. */
    public record ToStep(String step) implements Target {
    }

    /** The flow ends; {@code join} is the step the enclosing split continues with, or null. */
    public record End(String join) implements Target {
    }

    /** The job ends FAILED. */
    public record Fail() implements Target {
    }

    /**
     * A {@link PlaybookDecider} after the step {@code after}, testing {@code cases} (its WHEN and ELSE
     * edges, in order); each outcome maps one status the decider answers to a target.
     */
    public record Decision(StepNode after, List<Edge> cases, List<Outcome> outcomes) implements Target {
        public Decision {
            cases = List.copyOf(cases);
            outcomes = List.copyOf(outcomes);
        }
    }

    /**
     * The decider answering {@code status} goes {@code to}; {@code edge} is the first edge of that
     * case, null for {@link PlaybookDecider#NONE} (no case true and no {@code else}).
     */
    public record Outcome(String status, Edge edge, Target to) {
    }

    /**
     * Branches run in parallel, then {@code transitions} decide what follows; {@code join} is the
     * step where the branches meet, null when they meet at the end of the run.
     */
    public record SplitFlow(String name, String join, List<FlowPlan> branches, List<Transition> transitions)
            implements Target {
        public SplitFlow {
            branches = List.copyOf(branches);
            transitions = List.copyOf(transitions);
        }
    }
}
