package io.playbatch.runtime;

import io.playbatch.catalog.PlaybookLocator;
import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.ledger.NewEvent;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.tasks.TaskResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Runs the child execution of a {@code playbook} step (docs/architecture.md#identifiers-and-runs): finds and compiles the child
 * playbook, records {@code child_execution_started} in the parent, launches the child as a new run
 * whose execution names the parent ({@code parent_execution_id}, {@code parent_event_id}), waits for
 * it, and turns its end into the step's envelope: the child's {@code output} as data, or its error
 * and execution id. Thread-safe.
 */
final class ChildPlaybooks {

    /** Launches a run and returns the id of its finished execution. */
    @FunctionalInterface
    interface Launch {
        long run(RunRequest request) throws Exception;
    }

    private final PlaybookLocator locator;
    private final PlaybookCompiler compiler;
    private final EventLedger ledger;
    private final ExecutionRepository executions;
    private final Launch launch;
    private final String workerId;

    ChildPlaybooks(PlaybookLocator locator, PlaybookCompiler compiler, EventLedger ledger,
            ExecutionRepository executions, Launch launch, String workerId) {
        this.compiler = compiler;
        this.locator = locator;
        this.ledger = ledger;
        this.executions = executions;
        this.launch = launch;
        this.workerId = workerId;
    }

    TaskResult run(PlaybookGraph parent, StepNode node, RenderedTask task, long executionId, long startedEventId) {
        long started = System.nanoTime();
        Object path = task.args().get("path");
        if (!(path instanceof String catalogPath) || catalogPath.isBlank()) {
            return error("bad_args", "step " + node.name() + ": args.path must name the child playbook's catalog path",
                    started);
        }
        Path file = locator.locate(parent, catalogPath).orElse(null);
        if (file == null) {
            return error("child_not_found", "step " + node.name() + ": no playbook " + catalogPath + " (looked for "
                    + locator.candidates(parent, catalogPath) + "); set playbatch.catalog.root if playbooks live elsewhere",
                    started);
        }
        CompilationResult compiled = compiler.compile(file);
        if (compiled.hasErrors() || compiled.graph().isEmpty()) {
            return error("child_invalid", "step " + node.name() + ": child playbook " + file + " is invalid: "
                    + compiled.diagnostics().stream().filter(Diagnostic::isError).limit(3).map(Diagnostic::format)
                    .collect(Collectors.joining("; ")), started);
        }
        PlaybookGraph child = compiled.graph().get();
        Map<String, Object> workload = new LinkedHashMap<>();
        if (child.workload() != null) {
            workload.putAll(child.workload());
        }
        if (task.args().get("workload") instanceof Map<?, ?> overrides) {
            overrides.forEach((k, v) -> workload.put(String.valueOf(k), v));
        }
        long cause = ledger.append(NewEvent.of(executionId, EventType.CHILD_EXECUTION_STARTED)
                .node(node.name(), "sub_playbook").parent(startedEventId)
                .context(Map.of("path", child.path(), "file", file.toString())).build()).eventId();
        RunRequest request = new RunRequest(child, workload, null, null, executionId, cause);
        long childExecution;
        try {
            // Spring Batch refuses to create an execution inside a transaction, and this step runs in
            // one: the child is launched from a thread of its own while the step waits for it (why not
            // JobStep: docs/compiler.md#why-not-jobstep--taskexecutorpartitionhandler).
            childExecution = CompletableFuture.supplyAsync(() -> {
                try {
                    return launch.run(request);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, runnable -> new Thread(runnable, "playbatch-child-" + child.name()).start()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("child_interrupted", "step " + node.name() + " was interrupted while child playbook "
                    + child.path() + " ran", started);
        } catch (ExecutionException e) {
            Throwable failure = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            return error("child_launch_failed", "step " + node.name() + ": could not start child playbook "
                    + child.path() + ": " + failure.getMessage(), started);
        }
        ExecutionRecord record = executions.find(childExecution).orElseThrow();
        if ("COMPLETED".equals(record.status())) {
            return TaskResult.ok(record.result(), elapsedMs(started), 1, workerId);
        }
        Object childError = record.error() instanceof Map<?, ?> map ? map.get("message") : record.error();
        return error("child_failed", "child execution " + childExecution + " of " + child.path() + " ended "
                + record.status() + ": " + childError, started);
    }

    private TaskResult error(String type, String message, long started) {
        return TaskResult.error(type, message, elapsedMs(started), 1, workerId);
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
