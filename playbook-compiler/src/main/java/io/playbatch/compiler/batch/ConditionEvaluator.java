package io.playbatch.compiler.batch;

import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.StepNode;
import org.springframework.batch.core.job.JobExecution;

/** Evaluates a {@code when} case of a node at run time, against the execution's context. */
@FunctionalInterface
public interface ConditionEvaluator {

    /**
     * @return whether the condition of {@code whenEdge} (an edge of kind WHEN leaving {@code from}) holds.
     * @throws RuntimeException when the condition cannot be evaluated; the decision then fails the job
     */
    boolean test(StepNode from, Edge whenEdge, JobExecution jobExecution);
}
