package io.playbatch.compiler.batch;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.Step;

/**
 * The seam between the compiler and the runtime: the compiler decides the shape of the job
 * (sequence, decisions, splits, partitions) and asks this factory for the behaviour of each node.
 * The application implements it (rendering, queue, workers, ledger); tests implement it with stubs.
 * Implementations must return a new, fully built {@link Step} whose name is the node's name.
 */
public interface StepFactory {

    /** The step of a START, END, TASK, CHUNK or SUB_PLAYBOOK node (an implicit {@code resource:NAME} read is a TASK). */
    Step step(PlaybookGraph graph, StepNode node);

    /**
     * The step of an AGENT_LOOP node: one tasklet step named after the node that runs the loop of
     * {@code node.agentLoop()} turn by turn (each model turn and tool call its own queue item).
     * The default refuses, so that an application without MCP support fails clearly at assembly.
     */
    default Step agentLoopStep(PlaybookGraph graph, StepNode node) {
        throw new UnsupportedOperationException("step `" + node.name() + "` of playbook " + graph.path()
                + " is an MCP agent loop (turns), which this runtime's StepFactory does not implement");
    }

    /** Splits a LOOP node's iterations into a bounded number of partitions. */
    Partitioner partitioner(PlaybookGraph graph, StepNode loopNode);

    /** Runs the partitions of a LOOP node; {@code workerStep} is from {@link #partitionWorkerStep}. */
    PartitionHandler partitionHandler(PlaybookGraph graph, StepNode loopNode, Step workerStep);

    /** The step that runs one partition (a contiguous range of iterations) of a LOOP node. */
    Step partitionWorkerStep(PlaybookGraph graph, StepNode loopNode);

    /** Evaluates {@code when} conditions at run time. */
    ConditionEvaluator conditions(PlaybookGraph graph);

    /** Told of every decision the job's deciders take. */
    default DecisionListener decisionListener(PlaybookGraph graph) {
        return DecisionListener.NONE;
    }
}
