package io.playbatch.compiler.batch;

import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.StepNode;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.step.StepExecution;

/**
 * The decider placed after a node with {@code when} cases: tests the cases in order with the
 * {@link ConditionEvaluator}, takes the first true one, else the {@code else} case, else none,
 * tells the {@link DecisionListener}, and answers {@code CASE_<i>}, {@code ELSE} or {@code NONE}.
 * Stateless apart from its collaborators, so it is safe to run again on restart.
 */
public final class PlaybookDecider implements JobExecutionDecider {

    public static final String ELSE = "ELSE";
    public static final String NONE = "NONE";

    private final StepNode from;
    private final List<Edge> cases;
    private final ConditionEvaluator conditions;
    private final DecisionListener listener;

    public PlaybookDecider(StepNode from, List<Edge> cases, ConditionEvaluator conditions, DecisionListener listener) {
        this.from = from;
        this.cases = List.copyOf(cases);
        this.conditions = conditions;
        this.listener = listener;
    }

    /** The exit status of the decision that takes {@code edge}. */
    public static String label(Edge edge) {
        return edge.kind() == EdgeKind.ELSE ? ELSE : "CASE_" + edge.caseIndex();
    }

    @Override
    public FlowExecutionStatus decide(JobExecution jobExecution, StepExecution stepExecution) {
        List<Edge> taken = new ArrayList<>();
        int tested = Integer.MIN_VALUE;
        for (Edge edge : cases) {
            if (!taken.isEmpty()) {
                break;
            }
            if (edge.kind() == EdgeKind.ELSE) {
                taken.addAll(caseEdges(edge.caseIndex()));
            } else if (edge.caseIndex() != tested) {
                tested = edge.caseIndex();
                if (conditions.test(from, edge, jobExecution)) {
                    taken.addAll(caseEdges(edge.caseIndex()));
                }
            }
        }
        List<Edge> notTaken = cases.stream().filter(e -> !taken.contains(e)).toList();
        listener.decided(from, List.copyOf(taken), notTaken, jobExecution);
        return new FlowExecutionStatus(taken.isEmpty() ? NONE : label(taken.get(0)));
    }

    private List<Edge> caseEdges(int caseIndex) {
        return cases.stream().filter(e -> e.caseIndex() == caseIndex).toList();
    }
}
