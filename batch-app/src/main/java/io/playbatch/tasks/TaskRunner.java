package io.playbatch.tasks;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Runs a rendered task with the task type it names and wraps the outcome in the result envelope.
 * Never throws for a failing task: failures are error envelopes. Thread-safe.
 */
@Component
public class TaskRunner {

    private final Map<String, Task> tasks;

    public TaskRunner(List<Task> tasks) {
        this.tasks = tasks.stream().collect(Collectors.toUnmodifiableMap(Task::type, Function.identity()));
    }

    public TaskResult run(RenderedTask task, TaskContext context) {
        long started = System.nanoTime();
        Task implementation = tasks.get(task.type());
        if (implementation == null) {
            return TaskResult.error("unknown_task_type", "No task type '" + task.type() + "'; known types: "
                    + tasks.keySet().stream().sorted().toList(), 0, context.attempt(), context.workerId());
        }
        try {
            Object data = implementation.run(task, context);
            return TaskResult.ok(data, elapsedMs(started), context.attempt(), context.workerId());
        } catch (TaskFailure failure) {
            return TaskResult.error(failure.type(), failure.getMessage(), elapsedMs(started), context.attempt(),
                    context.workerId());
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return TaskResult.error(e.getClass().getSimpleName(), message, elapsedMs(started), context.attempt(),
                    context.workerId());
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
