package io.playbatch.runtime;

import io.playbatch.compiler.batch.ConditionEvaluator;
import io.playbatch.compiler.batch.DecisionListener;
import io.playbatch.compiler.batch.StepFactory;
import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.render.RenderContext;
import java.util.List;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The application's side of the compiler seam: each node becomes a tasklet step that renders its
 * task on the server and dispatches it ({@link NodeTasklet}); {@code when} cases are evaluated
 * against the ledger's view of the execution; decisions are recorded as {@code transition} and
 * {@code step_skipped} events.
 */
public class PlaybookStepFactory implements StepFactory {

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final RuntimeServices services;

    PlaybookStepFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RuntimeServices services) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.services = services;
    }

    @Override
    public Step step(PlaybookGraph graph, StepNode node) {
        return new StepBuilder(node.name(), jobRepository)
                .tasklet(new NodeTasklet(graph, node, services), transactionManager)
                .build();
    }

    @Override
    public Partitioner partitioner(PlaybookGraph graph, StepNode loopNode) {
        throw unsupportedLoop(loopNode);
    }

    @Override
    public PartitionHandler partitionHandler(PlaybookGraph graph, StepNode loopNode, Step workerStep) {
        throw unsupportedLoop(loopNode);
    }

    @Override
    public Step partitionWorkerStep(PlaybookGraph graph, StepNode loopNode) {
        throw unsupportedLoop(loopNode);
    }

    private static UnsupportedOperationException unsupportedLoop(StepNode loopNode) {
        return new UnsupportedOperationException("step " + loopNode.name() + " is a loop, which runs through the"
                + " work queue; loops are not available in this build yet");
    }

    @Override
    public ConditionEvaluator conditions(PlaybookGraph graph) {
        return (from, whenEdge, jobExecution) -> {
            RenderContext context = services.contexts().load(jobExecution.getId(), graph.path(), from.name());
            return services.renderer().test(whenEdge.condition(), context, "next[" + whenEdge.caseIndex() + "].when");
        };
    }

    @Override
    public DecisionListener decisionListener(PlaybookGraph graph) {
        return (from, taken, notTaken, jobExecution) -> {
            long executionId = jobExecution.getId();
            long cause = services.ledger().latestEventId(executionId, EventType.STEP_COMPLETED, from.name())
                    .orElseGet(() -> services.ledger().causeOf(executionId, from.name()).orElseThrow());
            for (Edge edge : taken) {
                services.transitions().record(graph.path(), executionId, cause, edge);
            }
            List<String> takenTargets = taken.stream().map(Edge::to).toList();
            for (Edge edge : notTaken) {
                // A node another path can still reach (a join) is not skipped by this decision.
                boolean onlyFromHere = graph.incoming(edge.to()).stream().allMatch(e -> e.from().equals(from.name()));
                if (onlyFromHere && !takenTargets.contains(edge.to())) {
                    services.ledger().append(NewEvent.of(executionId, EventType.STEP_SKIPPED)
                            .node(edge.to(), graph.node(edge.to()).map(n -> n.kind().name().toLowerCase()).orElse(null))
                            .parent(cause).status("skipped").build());
                }
            }
        };
    }
}
