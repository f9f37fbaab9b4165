package io.playbatch.tasks;

import io.playbatch.secrets.SecretMask;
import io.playbatch.secrets.SecretResolver;
import io.playbatch.secrets.SecretUnavailableException;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs a rendered task with the task type it names and wraps the outcome in the result envelope.
 * Just before the task runs it resolves the secret references in the args (docs/secrets.md), in a
 * copy that only the task sees: the rendered task the worker holds keeps the references. Whatever
 * the task returns or throws leaves through here, so this is where the values it was given are
 * masked back into references (docs/secrets.md): the result's data, the error's type and message,
 * before the queue, the ledger, the logs or the API can see them. Never throws for a failing task:
 * failures, a missing secret included, are error envelopes. Thread-safe.
 */
@Component
public class TaskRunner {

    private final Map<String, Task> tasks;
    private final SecretResolver secrets;

    @Autowired
    public TaskRunner(List<Task> tasks, SecretResolver secrets) {
        this.tasks = tasks.stream().collect(Collectors.toUnmodifiableMap(Task::type, Function.identity()));
        this.secrets = secrets;
    }

    /** A runner that knows no secret (tests of tasks that use none). */
    public TaskRunner(List<Task> tasks) {
        this(tasks, SecretResolver.none());
    }

    public TaskResult run(RenderedTask task, TaskContext context) {
        long started = System.nanoTime();
        Task implementation = tasks.get(task.type());
        if (implementation == null) {
            return TaskResult.error("unknown_task_type", "No task type '" + task.type() + "'; known types: "
                    + tasks.keySet().stream().sorted().toList(), 0, context.attempt(), context.workerId());
        }
        SecretResolver.Resolution resolution;
        try {
            resolution = withSecrets(implementation, task);
        } catch (SecretUnavailableException missing) {
            return TaskResult.error(missing.type(), missing.getMessage(), elapsedMs(started), context.attempt(),
                    context.workerId());
        }
        return masked(run(implementation, new RenderedTask(task.type(), resolution.args(), task.timeoutMs(),
                task.atMostOnce()), context, started), resolution.mask());
    }

    private TaskResult run(Task implementation, RenderedTask task, TaskContext context, long started) {
        try {
            Object data = implementation.run(task, context);
            return TaskResult.ok(data, elapsedMs(started), context.attempt(), context.workerId());
        } catch (SecretUnavailableException missing) {
            return TaskResult.error(missing.type(), missing.getMessage(), elapsedMs(started), context.attempt(),
                    context.workerId());
        } catch (TaskFailure failure) {
            return TaskResult.error(failure.type(), failure.getMessage(), elapsedMs(started), context.attempt(),
                    context.workerId());
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return TaskResult.error(e.getClass().getSimpleName(), message, elapsedMs(started), context.attempt(),
                    context.workerId());
        }
    }

    private SecretResolver.Resolution withSecrets(Task implementation, RenderedTask task) {
        if (!implementation.receivesSecrets() || !SecretResolver.refersToSecrets(task.args())) {
            return new SecretResolver.Resolution(task.args(), SecretMask.none());
        }
        return secrets.resolveTask(task.args());
    }

    /** Every result, with or without secrets, since any result may carry a reference as data. */
    private static TaskResult masked(TaskResult result, SecretMask mask) {
        return new TaskResult(result.ok(), mask.mask(result.data()), mask.mask(result.errorType()),
                mask.mask(result.errorMessage()), result.durationMs(), result.attempt(), result.workerId());
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
