package io.playbatch.runtime;

import io.playbatch.catalog.PlaybookRevisions;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.ledger.NewEvent;
import io.playbatch.ledger.NewExecution;
import io.playbatch.metrics.RunMeters;
import io.playbatch.render.RenderContext;
import io.playbatch.render.RenderException;
import io.playbatch.render.StepConfigRenderer;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Opens and closes an execution in the ledger: before the job, the {@code execution} row and
 * {@code execution_started} (with the workload, workbook and workflow definitions the snapshots are
 * built from); at its end, {@code execution_complete} with the same terminal status as Spring
 * Batch's, written with Spring Batch's end of the job in one transaction of the
 * {@link ExecutionStateWriter} ({@link JobEndRouting} hands it the job's end), and at most once
 * per execution whatever races (the partial unique index decides).
 */
final class PlaybookJobListener implements JobExecutionListener {

    static final String RUN_ID = "run_id";

    private final RunRequest request;
    private final PlaybookRevisions revisions;
    private final ExecutionRepository executions;
    private final EventLedger ledger;
    private final RunContextLoader contexts;
    private final StepConfigRenderer renderer;
    private final Consumer<JobExecution> onStarted;
    private final ManagerHeartbeat heartbeat;
    private final RunMeters meters;
    private final ExecutionStateWriter writer;
    /** Set once {@code execution_started} is committed: only a started execution has an end to record. */
    private volatile boolean startRecorded;
    private final AtomicBoolean ended = new AtomicBoolean();

    /**
     * @param onStarted told once the execution row and {@code execution_started} are committed, so a
     *        caller that runs the job in the background can hand out its ids
     */
    PlaybookJobListener(RunRequest request, PlaybookRevisions revisions,
            ExecutionRepository executions, EventLedger ledger,
            RunContextLoader contexts, StepConfigRenderer renderer, ManagerHeartbeat heartbeat,
            RunMeters meters, ExecutionStateWriter writer, Consumer<JobExecution> onStarted) {
        this.writer = writer;
        this.heartbeat = heartbeat;
        this.meters = meters;
        this.onStarted = onStarted;
        this.request = request;
        this.revisions = revisions;
        this.executions = executions;
        this.ledger = ledger;
        this.contexts = contexts;
        this.renderer = renderer;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        PlaybookGraph graph = request.graph();
        long executionId = jobExecution.getId();
        revisions.record(graph);
        executions.create(new NewExecution(executionId, jobExecution.getJobParameters().getLong(RUN_ID), graph.path(),
                graph.contentHash(), request.restartOf(), request.replayOf(), request.parentExecutionId(),
                request.parentEventId(), graph.labels()));
        // From here until afterJob this process is the execution's manager; recovery watches the beat.
        heartbeat.track(executionId);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("playbook", graph.path());
        context.put("revision", graph.contentHash());
        putIfSet(context, "restart_of", request.restartOf());
        putIfSet(context, "replay_of", request.replayOf());
        putIfSet(context, "parent_execution_id", request.parentExecutionId());
        request.origin().forEach(context::putIfAbsent);
        context.put("workload", request.workload());
        context.put("workbook", workbook(graph));
        context.put("workflow", workflow(graph));
        long started = ledger.append(NewEvent.of(executionId, EventType.EXECUTION_STARTED)
                .parent(request.parentEventId()).status("STARTED").context(context).build()).eventId();
        startRecorded = true;
        if (request.restartOf() != null) {
            reuseFinishedSteps(executionId, request.restartOf(), started);
        }
        onStarted.accept(jobExecution);
    }

    /**
     * A restart re-runs only what did not complete: Spring Batch skips the steps that completed in
     * the run's earlier execution, and the ledger carries their results over as {@code step_reused},
     * so {@code $steps} and the workflow snapshot of the new execution include them.
     */
    private void reuseFinishedSteps(long executionId, long previousExecutionId, long startedEventId) {
        Map<String, Object> finished = ledger.stepResults(previousExecutionId,
                List.of(EventType.STEP_COMPLETED, EventType.STEP_REUSED));
        List<NewEvent> reused = new ArrayList<>();
        finished.forEach((step, result) -> reused.add(NewEvent.of(executionId, EventType.STEP_REUSED)
                .node(step, request.graph().node(step).map(n -> n.kind().name().toLowerCase()).orElse(null))
                .parent(startedEventId).status("reused").result(result)
                .context(Map.of("from_execution_id", String.valueOf(previousExecutionId))).build()));
        ledger.appendAll(reused);
    }

    /** The end was written with Spring Batch's ({@link #end}); a job that never started only stops beating. */
    @Override
    public void afterJob(JobExecution jobExecution) {
        heartbeat.untrack(jobExecution.getId());
    }

    /**
     * Records the job's end, Spring Batch's and the ledger's in one transaction, once; false (and
     * nothing written) when the execution never started or its end is recorded already. When the
     * transaction fails, nothing of the end is recorded: the heartbeat stops, so recovery ends the
     * execution once its manager is stale.
     */
    boolean end(JobExecution jobExecution) {
        if (!startRecorded || !ended.compareAndSet(false, true)) {
            return false;
        }
        try {
            boolean first = !writer.end(jobExecution, this::ending).deduplicated();
            if (first) {
                // Counted once per execution, like the event: a recovery that won the race counted it already.
                meters.executionFinished(request.graph().path(), terminal(jobExecution.getStatus()).name(),
                        duration(jobExecution));
            }
            return true;
        } finally {
            heartbeat.untrack(jobExecution.getId());
        }
    }

    /** The {@code execution_complete} of the job as Spring Batch ends it (a failing {@code output} fails it). */
    private NewEvent ending(JobExecution jobExecution) {
        long executionId = jobExecution.getId();
        BatchStatus status = terminal(jobExecution.getStatus());
        Object result = null;
        Object error = null;
        if (status == BatchStatus.COMPLETED && request.graph().output() != null) {
            try {
                RenderContext context = contexts.load(executionId, request.graph().path(), "output");
                result = renderer.render(request.graph().output(), context, "output");
            } catch (RenderException e) {
                status = BatchStatus.FAILED;
                jobExecution.setStatus(BatchStatus.FAILED);
                jobExecution.setExitStatus(ExitStatus.FAILED
                        .addExitDescription(e.getMessage()));
                error = Map.of("type", "render_error", "message", e.getMessage());
            }
        }
        if (status == BatchStatus.STOPPED) {
            error = Map.of("type", "stopped", "message", "execution " + executionId + " was stopped on request;"
                    + " restart it to run what did not complete");
        } else if (status != BatchStatus.COMPLETED && error == null) {
            error = firstFailure(jobExecution);
        }
        long cause = ledger.latestEventId(executionId, EventType.STEP_COMPLETED, null)
                .or(() -> ledger.latestEventId(executionId, EventType.STEP_FAILED, null))
                .or(() -> ledger.latestEventId(executionId, EventType.EXECUTION_STARTED, null))
                .orElseThrow();
        return NewEvent.of(executionId, EventType.EXECUTION_COMPLETE).parent(cause)
                .status(status.name()).result(result).error(error).build();
    }

    private static Duration duration(JobExecution jobExecution) {
        LocalDateTime start = jobExecution.getStartTime() != null ? jobExecution.getStartTime()
                : jobExecution.getCreateTime();
        return start == null ? Duration.ZERO : Duration.between(start, LocalDateTime.now());
    }

    /** The ledger's terminal statuses are COMPLETED, FAILED and STOPPED (docs/state-machine.md). */
    private static BatchStatus terminal(BatchStatus status) {
        return switch (status) {
            case COMPLETED -> BatchStatus.COMPLETED;
            case STOPPED, STOPPING -> BatchStatus.STOPPED;
            default -> BatchStatus.FAILED;
        };
    }

    /**
     * The error of the first failed step: the ledger's {@code step_failed} error when there is one
     * (it says what failed and why, where Spring Batch's exception of a loop is only "Partition
     * handler returned an unsuccessful step"), else Spring Batch's.
     */
    private Map<String, Object> firstFailure(JobExecution jobExecution) {
        Map<String, Object> failedSteps = null;
        for (StepExecution step : jobExecution.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.FAILED) {
                if (failedSteps == null) {
                    failedSteps = ledger.stepResults(jobExecution.getId(), List.of(EventType.STEP_FAILED));
                }
                String message = ledgerMessage(failedSteps.get(step.getStepName()));
                if (message == null) {
                    message = step.getFailureExceptions().isEmpty() ? step.getExitStatus().getExitDescription()
                            : step.getFailureExceptions().get(0).getMessage();
                }
                return Map.of("type", "step_failed", "step", step.getStepName(),
                        "message", message == null ? "step failed" : message);
            }
        }
        List<Throwable> failures = jobExecution.getAllFailureExceptions();
        String message = failures.isEmpty() ? jobExecution.getExitStatus().getExitDescription()
                : failures.get(0).getMessage();
        return Map.of("type", "execution_failed", "message", message == null ? "execution failed" : message);
    }

    /** The {@code error.message} of a {@code step_failed} result envelope, if any. */
    private static String ledgerMessage(Object envelope) {
        if (envelope instanceof Map<?, ?> map && map.get("error") instanceof Map<?, ?> error
                && error.get("message") instanceof String message) {
            return message;
        }
        return null;
    }

    private static Map<String, Object> workbook(PlaybookGraph graph) {
        Map<String, Object> workbook = new LinkedHashMap<>();
        for (StepNode node : graph.nodes()) {
            if (node.task().workbookTask() != null) {
                workbook.putIfAbsent(node.task().workbookTask(), Map.of("type", node.task().type()));
            }
        }
        return workbook;
    }

    private static List<Map<String, Object>> workflow(PlaybookGraph graph) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepNode node : graph.nodes()) {
            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("kind", node.kind().name().toLowerCase());
            definition.put("type", node.task().type());
            definition.put("args", node.task().args());
            if (node.task().workbookTask() != null) {
                definition.put("workbook", node.task().workbookTask());
            }
            steps.add(Map.of("name", node.name(), "definition", definition));
        }
        return steps;
    }

    private static void putIfSet(Map<String, Object> map, String key, Long value) {
        if (value != null) {
            map.put(key, String.valueOf(value));
        }
    }
}
