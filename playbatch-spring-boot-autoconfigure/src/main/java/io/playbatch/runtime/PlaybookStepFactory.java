package io.playbatch.runtime;

import io.playbatch.chunk.ChunkPlan;
import io.playbatch.chunk.ChunkSettings;
import io.playbatch.compiler.batch.ConditionEvaluator;
import io.playbatch.compiler.batch.DecisionListener;
import io.playbatch.compiler.batch.StepFactory;
import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import java.util.Map;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The application's side of the compiler seam: a chunk node becomes a chunk-oriented step run in
 * this process ({@link ChunkPlan}, {@link InlineNodeListener}); a bean node a tasklet step that calls
 * an application bean ({@link BeanCall}); every other node becomes a tasklet step that renders its
 * task on the server and dispatches it through the work queue ({@link NodeTasklet}); a loop becomes
 * a partitioned step whose partitions enqueue one queue row per iteration ({@link LoopPartitioner},
 * {@link LoopPartitionHandler}, {@link LoopIterationsTasklet}); {@code when} cases are evaluated
 * against the ledger's view of the execution; decisions are recorded as {@code transition} and
 * {@code step_skipped} events ({@link GraphDecisions}). Each step's parts are built, with exactly the
 * collaborators they use, by the factory of its kind ({@link NodeSteps}, {@link AgentLoopSteps},
 * {@link InlineSteps}, {@link LoopSteps}); one instance per assembled job, whose loops share its
 * {@link LoopRuns}.
 */
public class PlaybookStepFactory implements StepFactory {

    private final JobRepository jobRepository;
    private final PlatformTransactionManager stepTransactions;
    private final PlatformTransactionManager chunkTransactions;
    private final NodeSteps nodes;
    private final AgentLoopSteps agentLoops;
    private final InlineSteps inline;
    private final LoopSteps loops;
    private final GraphDecisions decisions;
    private final LoopRuns loopRuns = new LoopRuns();

    PlaybookStepFactory(JobRepository jobRepository, PlatformTransactionManager chunkTransactions, NodeSteps nodes,
            AgentLoopSteps agentLoops, InlineSteps inline, LoopSteps loops, GraphDecisions decisions) {
        this.jobRepository = jobRepository;
        // A chunk's writes, the reader's saved position and Spring Batch's counts commit together.
        this.chunkTransactions = chunkTransactions;
        // A node step spends its time waiting for the queue; a database transaction around it would
        // hold a pooled connection idle for that long. Every ledger and queue write commits on its
        // own, so the step's chunk needs no database transaction.
        this.stepTransactions = new ResourcelessTransactionManager();
        this.nodes = nodes;
        this.agentLoops = agentLoops;
        this.inline = inline;
        this.loops = loops;
        this.decisions = decisions;
    }

    @Override
    public Step step(PlaybookGraph graph, StepNode node) {
        if (node.kind() == NodeKind.CHUNK) {
            return chunkStep(graph, node);
        }
        if (node.kind() == NodeKind.BEAN) {
            return beanStep(graph, node);
        }
        return new StepBuilder(node.name(), jobRepository)
                .tasklet(nodes.tasklet(graph, node), stepTransactions)
                .build();
    }

    /**
     * An agent loop ({@code mcp.turns}): one tasklet step that runs one model turn per call and
     * repeats until the loop ends ({@link AgentLoopTasklet}); every model turn and tool call is its
     * own queue row.
     */
    @Override
    public Step agentLoopStep(PlaybookGraph graph, StepNode node) {
        return new StepBuilder(node.name(), jobRepository)
                .tasklet(agentLoops.tasklet(graph, node), stepTransactions)
                .build();
    }

    /**
     * A chunk-oriented step run in this process (not through the queue): its reader, processor and
     * writer are built from the node's args when the step starts ({@link ChunkPlan}); each chunk
     * commits in one database transaction together with the reader's saved position, so a restart
     * resumes after the last committed chunk (docs/chunk.md).
     */
    private Step chunkStep(PlaybookGraph graph, StepNode node) {
        ChunkPlan plan = inline.plan(node);
        ChunkSettings settings = plan.settings();
        ChunkOrientedStepBuilder<Map<String, Object>, Map<String, Object>> builder =
                new StepBuilder(node.name(), jobRepository).<Map<String, Object>, Map<String, Object>>chunk(
                        settings.chunkSize())
                        .transactionManager(chunkTransactions)
                        .reader(plan.reader())
                        .processor(plan.processor())
                        .writer(plan.writer())
                        .listener(inline.chunkListener(graph, node, plan));
        if (settings.skipLimit() > 0 || settings.retryLimit() > 0) {
            builder.faultTolerant();
            if (settings.skipLimit() > 0) {
                builder.skipLimit(settings.skipLimit()).skip(Exception.class);
            }
            if (settings.retryLimit() > 0) {
                // Only errors that may pass on their own are worth retrying; a bad row never is.
                builder.retryLimit(settings.retryLimit())
                        .retry(TransientDataAccessException.class, RecoverableDataAccessException.class);
            }
        }
        return builder.build();
    }

    /**
     * A bean step (docs/beans.md): a tasklet step run in this process that calls the bean once
     * ({@link BeanCall}), in a database transaction as Spring Batch runs any tasklet, so what a
     * tasklet writes on Playbatch's own database commits with the step's metadata.
     */
    private Step beanStep(PlaybookGraph graph, StepNode node) {
        BeanCall call = inline.beanCall(node);
        return new StepBuilder(node.name(), jobRepository)
                .tasklet(call, chunkTransactions)
                .listener(inline.listener(graph, node, call))
                .build();
    }

    /** Contiguous index ranges of the loop's iterations, at most {@code playbatch.loop.partitions}. */
    @Override
    public Partitioner partitioner(PlaybookGraph graph, StepNode loopNode) {
        return new LoopPartitioner(loopNode, loopRuns);
    }

    /** The loop's manager: renders {@code over}, runs the partitions, writes the loop's result. */
    @Override
    public PartitionHandler partitionHandler(PlaybookGraph graph, StepNode loopNode, Step workerStep) {
        return loops.handler(graph, loopNode, workerStep, loopRuns);
    }

    /**
     * The step one partition runs, named {@code <loop>:partition} (its executions are
     * {@code <loop>:partition:range-<from>-<to>}): enqueue the range's iterations and wait for them.
     */
    @Override
    public Step partitionWorkerStep(PlaybookGraph graph, StepNode loopNode) {
        return new StepBuilder(loopNode.name() + ":partition", jobRepository)
                .tasklet(loops.tasklet(graph, loopNode, loopRuns), stepTransactions)
                .build();
    }

    @Override
    public ConditionEvaluator conditions(PlaybookGraph graph) {
        return decisions.conditions(graph);
    }

    @Override
    public DecisionListener decisionListener(PlaybookGraph graph) {
        return decisions.listener(graph);
    }
}
