package io.playbatch.compiler.batch;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;

/**
 * A stub runtime for assembly tests: every step records its name when it runs, conditions come
 * from a map keyed by the condition text, loops have four partitions, and chosen steps or
 * partitions fail a given number of times before succeeding.
 */
final class RecordingStepFactory implements StepFactory {

    static final int PARTITIONS = 4;

    final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    final List<String> decisions = Collections.synchronizedList(new ArrayList<>());
    private final JobRepository repository;
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Map<String, Integer> failuresLeft = Collections.synchronizedMap(new HashMap<>());
    private final Set<String> unknownOnce = Collections.synchronizedSet(new HashSet<>());
    private final Set<String> built = new HashSet<>();
    private final TaskExecutor partitionExecutor;

    RecordingStepFactory(JobRepository repository, TaskExecutor partitionExecutor) {
        this.repository = repository;
        this.partitionExecutor = partitionExecutor;
    }

    RecordingStepFactory(JobRepository repository) {
        this(repository, new SyncTaskExecutor());
    }

    private ConditionEvaluator evaluator;

    /** Decides every condition with {@code evaluator} instead of the fixed values. */
    RecordingStepFactory evaluator(ConditionEvaluator evaluator) {
        this.evaluator = evaluator;
        return this;
    }

    RecordingStepFactory condition(String text, boolean value) {
        conditions.put(text, value);
        return this;
    }

    /** {@code name} is a step name or {@code loop[i]} for iteration partition i. */
    RecordingStepFactory failOnce(String name) {
        failuresLeft.put(name, 1);
        return this;
    }

    /**
     * {@code name} (as for {@link #failOnce}) ends once with exit code UNKNOWN, as Spring Batch
     * leaves a step whose end it could not record.
     */
    RecordingStepFactory unknownOnce(String name) {
        unknownOnce.add(name);
        return this;
    }

    @Override
    public Step step(PlaybookGraph graph, StepNode node) {
        built.add(node.name());
        return new StepBuilder(node.name(), repository).tasklet((contribution, context) -> {
            run(node.name());
            return RepeatStatus.FINISHED;
        }, new ResourcelessTransactionManager()).build();
    }

    /** An agent loop records {@code name(agent)} once: the stub has no turns. */
    @Override
    public Step agentLoopStep(PlaybookGraph graph, StepNode node) {
        built.add(node.name());
        return new StepBuilder(node.name(), repository).tasklet((contribution, context) -> {
            run(node.name() + "(agent)");
            return RepeatStatus.FINISHED;
        }, new ResourcelessTransactionManager()).build();
    }

    @Override
    public Partitioner partitioner(PlaybookGraph graph, StepNode loopNode) {
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new java.util.TreeMap<>();
            for (int i = 0; i < PARTITIONS; i++) {
                ExecutionContext context = new ExecutionContext();
                context.putInt("partition", i);
                partitions.put("partition" + i, context);
            }
            return partitions;
        };
    }

    @Override
    public PartitionHandler partitionHandler(PlaybookGraph graph, StepNode loopNode, Step workerStep) {
        TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
        handler.setStep(workerStep);
        handler.setTaskExecutor(partitionExecutor);
        handler.setGridSize(PARTITIONS);
        return handler;
    }

    @Override
    public Step partitionWorkerStep(PlaybookGraph graph, StepNode loopNode) {
        return new StepBuilder(loopNode.name() + JobGraphAssembler.PARTITION_SUFFIX, repository)
                .tasklet((contribution, context) -> {
                    int partition = context.getStepContext().getStepExecution().getExecutionContext().getInt("partition");
                    String name = loopNode.name() + "[" + partition + "]";
                    run(name);
                    if (unknownOnce.remove(name)) {
                        contribution.setExitStatus(org.springframework.batch.core.ExitStatus.UNKNOWN);
                    }
                    return RepeatStatus.FINISHED;
                }, new ResourcelessTransactionManager()).build();
    }

    @Override
    public ConditionEvaluator conditions(PlaybookGraph graph) {
        if (evaluator != null) {
            return evaluator;
        }
        return (from, edge, execution) -> {
            Boolean value = conditions.get(edge.condition());
            if (value == null) {
                throw new IllegalStateException("no stub value for condition " + edge.condition());
            }
            return value;
        };
    }

    @Override
    public DecisionListener decisionListener(PlaybookGraph graph) {
        return (from, taken, notTaken, execution) -> decisions.add(from.name() + " -> "
                + String.join(",", taken.stream().map(e -> e.to()).toList()));
    }

    private void run(String name) {
        ran.add(name);
        Integer left = failuresLeft.get(name);
        if (left != null && left > 0) {
            failuresLeft.put(name, left - 1);
            throw new IllegalStateException("stub failure of " + name);
        }
    }
}
