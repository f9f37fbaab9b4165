package io.playbatch.runtime;

import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.LoopSpec;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.AppendResult;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.queue.LoopResults;
import io.playbatch.queue.WorkQueue;
import io.playbatch.render.RenderContext;
import io.playbatch.render.RenderException;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.save.DataSaver;
import io.playbatch.save.SaveException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import tools.jackson.databind.util.RawValue;

/**
 * The manager side of a loop step (docs/queue.md#loops): records {@code step_started} and
 * {@code loop_started}, renders {@code over} once, lets Spring Batch split the iterations into a
 * bounded number of partitions ({@link LoopPartitioner}), runs them (all at once, or one after the
 * other in index order for a sequential loop), and closes the loop: {@code loop_completed}, then
 * {@code step_completed} whose data is every iteration's data in index order (built by the
 * database, carried-over iterations included) or {@code step_failed} with the last error, and the
 * transitions out. Partitions Spring Batch does not start again on a restart are the completed ones.
 * A loop whose execution is asked to stop ends STOPPED once its dispatched iterations finished.
 * Running the partitions is Spring Batch's {@link TaskExecutorPartitionHandler}; this class adds the
 * loop's ledger writes around it, in {@link #handle}, because only the handler can still fail the
 * step once all partitions completed (docs/compiler.md#why-not-jobstep--taskexecutorpartitionhandler).
 */
final class LoopPartitionHandler extends TaskExecutorPartitionHandler {

    private final PlaybookGraph graph;
    private final StepNode node;
    private final LoopRuns runs;
    private final LoopSettings settings;
    private final EventLedger ledger;
    private final WorkQueue queue;
    private final RunContextLoader contexts;
    private final StepConfigRenderer renderer;
    private final DataSaver saver;
    private final TransitionRecorder transitions;
    private final String workerId;

    LoopPartitionHandler(PlaybookGraph graph, StepNode node, Step workerStep, LoopRuns runs, LoopSettings settings,
            EventLedger ledger, WorkQueue queue, RunContextLoader contexts, StepConfigRenderer renderer,
            DataSaver saver, TransitionRecorder transitions, String workerId, TaskExecutor partitionExecutor) {
        this.graph = graph;
        this.node = node;
        this.runs = runs;
        this.settings = settings;
        this.ledger = ledger;
        this.queue = queue;
        this.contexts = contexts;
        this.renderer = renderer;
        this.saver = saver;
        this.transitions = transitions;
        this.workerId = workerId;
        setStep(workerStep);
        setGridSize(settings.partitions());
        // A sequential loop runs its partitions one after the other, in the caller's thread, in index order.
        setTaskExecutor(node.loop().mode() == LoopSpec.Mode.SEQUENTIAL ? new SyncTaskExecutor() : partitionExecutor);
    }

    @Override
    public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution manager) throws Exception {
        long executionId = manager.getJobExecutionId();
        if (ledger.latestEventId(executionId, EventType.STEP_REUSED, node.name()).isPresent()) {
            // The loop completed in the run's earlier execution, which Spring Batch recorded STOPPED: carried over.
            return List.of();
        }
        long started = ledger.append(NewEvent.of(executionId, EventType.STEP_STARTED).node(node.name(), "loop")
                .parent(ledger.causeOf(executionId, node.name()).orElse(null)).build()).eventId();
        long startNanos = System.nanoTime();
        List<?> items;
        try {
            items = over(executionId);
        } catch (RenderException e) {
            fail(executionId, started, startNanos, "render_error", e.getMessage());
            throw new StepTaskFailedException("step " + node.name() + " failed: [render_error] " + e.getMessage());
        }
        BitSet carriedOver = queue.doneInEarlierExecutions(executionId, node.name());
        int window = run(items.size());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("items", items.size());
        context.put("mode", node.loop().mode().name().toLowerCase(Locale.ROOT));
        context.put("max_in_flight", window);
        context.put("carried_over", carriedOver.cardinality());
        long loopStarted = ledger.append(NewEvent.of(executionId, EventType.LOOP_STARTED).node(node.name(), "loop")
                .parent(started).status("started").context(context).build()).eventId();
        LoopRun run = new LoopRun(executionId, node, items, contexts.load(executionId, graph.path(),
                node.name()), started, loopStarted, carriedOver, window);
        runs.add(run);
        try {
            List<StepExecution> ordered = byIndex(super.handle(splitter, manager));
            boolean anyFailed = ordered.stream().anyMatch(p -> p.getStatus() == BatchStatus.FAILED);
            countPartitionsInterruptedBeforeStart(run, ordered);
            if (!anyFailed && run.notStartedOnStop() > 0) {
                stopped(run, startNanos, ordered.size());
                throw new JobInterruptedException("loop " + node.name() + " stopped on request with "
                        + run.notStartedOnStop() + " iterations not started");
            }
            // A partition Spring Batch marked STOPPED after all its iterations finished (the stop came late) is done.
            boolean ok = !anyFailed && ordered.stream().allMatch(p -> p.getStatus() == BatchStatus.COMPLETED
                    || p.getStatus() == BatchStatus.STOPPED);
            String failure = finish(run, ok, startNanos, ordered.size());
            if (!anyFailed && failure != null) {
                // No partition FAILED yet the loop did not complete: its save failed, or a partition ended
                // UNKNOWN (its end could not be recorded), whose exit code the aggregated step must not carry
                // on as if the loop succeeded. Fail the step itself.
                throw new StepTaskFailedException("step " + node.name() + " failed: " + failure);
            }
            return ordered;
        } finally {
            runs.remove(run);
        }
    }

    /**
     * Hands the partitions to Spring Batch in index order: a sequential loop's synchronous executor
     * then runs them in that order, and a concurrent loop starts its first iterations first.
     */
    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        return super.doHandle(manager, new LinkedHashSet<>(byIndex(partitions)));
    }

    private static List<StepExecution> byIndex(Collection<StepExecution> partitions) {
        List<StepExecution> ordered = new ArrayList<>(partitions);
        ordered.sort(Comparator.comparingInt(p -> p.getExecutionContext().getInt(LoopPartitioner.FROM)));
        return ordered;
    }

    /**
     * A partition Spring Batch started after the job turned STOPPING ends STOPPED before its tasklet
     * runs; its iterations were never dispatched, and count as not started so the loop ends STOPPED
     * (restartable), not FAILED with missing results.
     */
    private static void countPartitionsInterruptedBeforeStart(LoopRun run, List<StepExecution> partitions) {
        for (StepExecution partition : partitions) {
            int from = partition.getExecutionContext().getInt(LoopPartitioner.FROM);
            if (partition.getStatus() == BatchStatus.STOPPED && !run.partitionRan(from)) {
                run.iterationsNotStartedOnStop(run.runnable(from, partition.getExecutionContext()
                        .getInt(LoopPartitioner.TO)));
            }
        }
    }

    /**
     * Records a loop that stopped on request before all its iterations were dispatched:
     * {@code loop_completed} and {@code step_failed} with status {@code stopped} and error type
     * {@code stopped}, and no {@code on_failure} transition (a stop is not a failure to handle).
     */
    private void stopped(LoopRun run, long startNanos, int partitions) {
        long executionId = run.executionId();
        Map<String, Object> counts = counts(run, partitions);
        counts.put("not_started", run.notStartedOnStop());
        ledger.append(NewEvent.of(executionId, EventType.LOOP_COMPLETED).node(node.name(), "loop")
                .parent(run.loopStartedEventId()).status("stopped").context(counts).build());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "stopped");
        error.put("message", "loop " + node.name() + " stopped on request: " + run.notStartedOnStop() + " of "
                + run.size() + " iterations not started; restart the execution to run them");
        ledger.append(NewEvent.of(executionId, EventType.STEP_FAILED).node(node.name(), "loop")
                .parent(run.stepStartedEventId()).status("stopped").result(envelope(false, null, error, startNanos))
                .error(error).attempt(1).worker(workerId).duration(elapsedMs(startNanos)).build());
    }

    private List<?> over(long executionId) {
        RenderContext context = contexts.load(executionId, graph.path(), node.name());
        Object over = renderer.render(node.loop().over(), context, "loop.over");
        if (over instanceof List<?> list) {
            return list;
        }
        throw new RenderException("playbook " + graph.path() + ", step " + node.name() + ", field loop.over: \""
                + node.loop().over() + "\" rendered to " + (over == null ? "null" : over.getClass().getSimpleName())
                + ", not a list; loop over a list (for example $workload.cities)", null);
    }

    /** How many iterations may be on the queue at once: 1 when sequential, else max_parallel within the window. */
    private int run(int items) {
        if (node.loop().mode() == LoopSpec.Mode.SEQUENTIAL) {
            return 1;
        }
        int window = settings.window();
        return node.loop().maxParallel() > 0 ? Math.min(node.loop().maxParallel(), window) : window;
    }

    /** The counts {@code loop_completed} carries: this execution's iterations and the partitions. */
    private static Map<String, Object> counts(LoopRun run, int partitions) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("done", run.done());
        counts.put("failed", run.failed());
        counts.put("skipped", run.skipped());
        counts.put("carried_over", run.carriedOverCount());
        counts.put("partitions", partitions);
        return counts;
    }

    /** Records the loop's outcome; returns the failure message when the loop failed, else null. */
    private String finish(LoopRun run, boolean ok, long startNanos, int partitions) {
        long executionId = run.executionId();
        Map<String, Object> counts = counts(run, partitions);
        if (ok) {
            LoopResults results = queue.loopResults(executionId, node.name());
            if (results.count() != run.size()) {
                ok = false;
                run.iterationFailed("[loop_incomplete] " + results.count() + " of " + run.size()
                        + " iterations have a result");
            } else {
                ledger.append(NewEvent.of(executionId, EventType.LOOP_COMPLETED).node(node.name(), "loop")
                        .parent(run.loopStartedEventId()).status("completed").context(counts).build());
                String saveError = save(executionId, results);
                if (saveError != null) {
                    fail(executionId, run.stepStartedEventId(), startNanos, "save_error", saveError);
                    return "[save_error] " + saveError;
                }
                Map<String, Object> envelope = envelope(true, new RawValue(results.json()), null, startNanos);
                AppendResult completed = ledger.append(NewEvent.of(executionId, EventType.STEP_COMPLETED)
                        .node(node.name(), "loop").parent(run.stepStartedEventId()).status("completed")
                        .result(envelope).attempt(1).worker(workerId).duration(elapsedMs(startNanos))
                        .build());
                transitions(executionId, completed.eventId(), EdgeKind.NEXT);
                return null;
            }
        }
        ledger.append(NewEvent.of(executionId, EventType.LOOP_COMPLETED).node(node.name(), "loop")
                .parent(run.loopStartedEventId()).status("failed").context(counts).build());
        String message = run.failed() + " of " + run.size() + " iterations failed"
                + (run.lastError() == null ? "" : "; last: " + run.lastError());
        fail(executionId, run.stepStartedEventId(), startNanos, "loop_failed", message);
        return "[loop_failed] " + message;
    }

    /**
     * The loop's {@code save}: the list of iteration data (what {@code $steps.<loop>.data} holds),
     * written once all iterations are done. It is read into memory, so a very large loop should
     * write its rows from its task rather than with {@code save}. Returns the error, or null.
     */
    private String save(long executionId, LoopResults results) {
        if (node.save() == null) {
            return null;
        }
        try {
            RenderContext context = contexts.load(executionId, graph.path(), node.name());
            saver.saveJson(renderer.renderMap(node.save(), context, "save"), results.json());
            return null;
        } catch (RenderException e) {
            return e.getMessage();
        } catch (SaveException e) {
            return "step " + node.name() + ": save failed: " + e.getMessage();
        }
    }

    private void fail(long executionId, long stepStarted, long startNanos, String type, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("message", message);
        AppendResult failed = ledger.append(NewEvent.of(executionId, EventType.STEP_FAILED)
                .node(node.name(), "loop").parent(stepStarted).status("failed")
                .result(envelope(false, null, error, startNanos)).error(error).attempt(1)
                .worker(workerId).duration(elapsedMs(startNanos)).build());
        transitions(executionId, failed.eventId(), EdgeKind.ON_FAILURE);
    }

    private Map<String, Object> envelope(boolean ok, Object data, Map<String, Object> error, long startNanos) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("status", ok ? "ok" : "error");
        envelope.put("data", data);
        envelope.put("error", error);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("duration_ms", elapsedMs(startNanos));
        meta.put("attempt", 1);
        meta.put("worker_id", workerId);
        envelope.put("meta", meta);
        return envelope;
    }

    private void transitions(long executionId, long causeEventId, EdgeKind kind) {
        for (Edge edge : graph.outgoing(node.name())) {
            if (edge.kind() == kind) {
                transitions.record(graph.path(), executionId, causeEventId, edge);
            }
        }
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
