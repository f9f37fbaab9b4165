package io.playbatch.runtime;

import io.playbatch.compiler.ir.RetrySpec;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.tasks.TaskResult;

/**
 * Hands a rendered task to whoever runs it and waits for its result envelope. The step that calls
 * it has already rendered the task; the dispatcher never renders. Implementations must be thread-safe.
 */
public interface TaskDispatcher {

    /**
     * @param retry         how many attempts the task gets and how retries back off
     * @param parentEventId the event that caused this task (its lineage parent)
     * @return the final result envelope, after the retries the dispatcher applies
     */
    TaskResult dispatch(long executionId, String nodeId, String nodeName, RenderedTask task, RetrySpec retry,
            long parentEventId);
}
