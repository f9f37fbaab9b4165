package io.playbatch.compiler.batch;

import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.StepNode;
import java.util.List;
import org.springframework.batch.core.job.JobExecution;

/**
 * Told which outgoing edges of a node a decider took, and which it did not, so the runtime can
 * record {@code transition} and {@code step_skipped} events.
 */
@FunctionalInterface
public interface DecisionListener {

    DecisionListener NONE = (from, taken, notTaken, execution) -> { };

    void decided(StepNode from, List<Edge> taken, List<Edge> notTaken, JobExecution jobExecution);
}
