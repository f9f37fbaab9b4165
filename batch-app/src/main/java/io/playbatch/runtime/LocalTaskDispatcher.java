package io.playbatch.runtime;

import io.playbatch.tasks.RenderedTask;
import io.playbatch.tasks.TaskContext;
import io.playbatch.tasks.TaskResult;
import io.playbatch.tasks.TaskRunner;

/** Runs tasks in the calling thread: the simplest dispatcher, with no queue and no retry. */
public class LocalTaskDispatcher implements TaskDispatcher {

    private final TaskRunner runner;
    private final String workerId;

    public LocalTaskDispatcher(TaskRunner runner, String workerId) {
        this.runner = runner;
        this.workerId = workerId;
    }

    @Override
    public TaskResult dispatch(long executionId, String nodeId, String nodeName, RenderedTask task, int maxAttempts,
            long parentEventId) {
        return runner.run(task, new TaskContext(executionId, nodeId, 1, workerId));
    }
}
