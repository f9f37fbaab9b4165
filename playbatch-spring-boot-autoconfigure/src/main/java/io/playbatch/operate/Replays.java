package io.playbatch.operate;

import io.playbatch.catalog.PlaybookRevisions;
import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.compiler.validate.Suggestions;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.ledger.NewEvent;
import io.playbatch.report.NoSuchExecutionException;
import io.playbatch.runtime.PlaybookLauncher;
import io.playbatch.runtime.RunContextLoader;
import io.playbatch.runtime.RunRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * {@code replay --from STEP} (docs/operations.md): a new run (new {@code run_id}, {@code replay_of} the
 * source execution) of the source's playbook revision, or the newest recorded one, on the source's
 * workload with overrides merged over it. The steps the source completed that are neither
 * {@code fromStep} nor reachable from it are carried over as {@code step_reused} (their results
 * feed {@code $steps}; their tasks do not run); {@code fromStep} and everything after it run.
 */
@Component
public class Replays {

    private final ExecutionRepository executions;
    private final PlaybookRevisions revisions;
    private final EventLedger ledger;
    private final PlaybookLauncher launcher;
    private final RunContextLoader contexts;
    private final PlaybookCompiler compiler;

    public Replays(ExecutionRepository executions, PlaybookRevisions revisions, EventLedger ledger,
            PlaybookLauncher launcher, RunContextLoader contexts, PlaybookCompiler compiler) {
        this.compiler = compiler;
        this.executions = executions;
        this.revisions = revisions;
        this.ledger = ledger;
        this.launcher = launcher;
        this.contexts = contexts;
    }

    /**
     * Starts the replay in the background and returns its ids once it is recorded.
     *
     * @throws ReplayRefusedException when the source is running, the step is unknown or did not run in
     *         the source, or a step to carry over cannot be (a chunk step); the message says what to do
     */
    public RunHandle replay(long executionId, String fromStep, Map<String, Object> workloadOverrides, boolean latest,
            Map<String, Object> origin) throws Exception {
        ExecutionRecord source = executions.find(executionId).orElseThrow(() -> new NoSuchExecutionException(executionId));
        if ("STARTING".equals(source.status()) || "STARTED".equals(source.status())) {
            throw new ReplayRefusedException("execution " + executionId + " is " + source.status()
                    + "; replay an execution that ended (wait for it, or stop it with 'playbatch stop " + executionId + "')");
        }
        PlaybookGraph graph = graph(source, latest);
        if (graph.node(fromStep).isEmpty()) {
            List<String> names = graph.nodes().stream().map(StepNode::name).toList();
            throw new ReplayRefusedException("playbook " + graph.path() + " has no step '" + fromStep + "'; "
                    + Suggestions.didYouMean(fromStep, names, "its steps are " + String.join(", ", names)));
        }
        Map<String, Object> finished = ledger.stepResults(executionId,
                List.of(EventType.STEP_COMPLETED, EventType.STEP_REUSED));
        boolean ran = finished.containsKey(fromStep)
                || ledger.latestEventId(executionId, EventType.STEP_STARTED, fromStep).isPresent();
        if (!ran) {
            throw new ReplayRefusedException("step '" + fromStep + "' did not run in execution " + executionId
                    + " (not reached, or a branch not taken); replay from a step that ran: "
                    + String.join(", ", finished.keySet()));
        }
        Set<String> rerun = downstream(graph, fromStep);
        Map<String, Object> reused = new LinkedHashMap<>();
        finished.forEach((step, result) -> {
            if (!rerun.contains(step) && graph.node(step).isPresent()) {
                reused.put(step, result);
            }
        });
        for (String step : reused.keySet()) {
            if (graph.node(step).get().kind() == NodeKind.CHUNK) {
                // A chunk step runs inside Spring Batch, which a new run cannot tell to skip it.
                throw new ReplayRefusedException("step '" + step + "' is a chunk step, which a replay cannot carry"
                        + " over; replay from '" + step + "' or a step before it");
            }
        }
        Map<String, Object> workload = new LinkedHashMap<>(sourceWorkload(source));
        if (workloadOverrides != null) {
            workload.putAll(workloadOverrides);
        }
        Map<String, Object> context = new LinkedHashMap<>(origin == null ? Map.of() : origin);
        context.put("replay_from", fromStep);
        RunRequest request = new RunRequest(graph, workload, null, executionId, null, null).withOrigin(context);
        JobExecution started = launcher.submit(request, newExecutionId -> carryOver(newExecutionId, executionId, graph,
                reused));
        return new RunHandle(started.getId(), started.getJobParameters().getLong("run_id"));
    }

    private PlaybookGraph graph(ExecutionRecord source, boolean latest) {
        PlaybookRevisions.StoredRevision revision = (latest
                ? revisions.latest(source.playbookPath())
                : revisions.find(source.playbookPath(), source.playbookRevision()).filter(r -> r.source() != null))
                .orElseThrow(() -> new ReplayRefusedException("the source of " + (latest ? "any revision"
                        : "revision " + source.playbookRevision()) + " of " + source.playbookPath()
                        + " was not kept; start a new run with 'playbatch run FILE' instead"));
        CompilationResult compiled = compiler.compileRevision(revision.playbookPath(), revision.sourceFile(),
                revision.source());
        if (compiled.hasErrors() || compiled.graph().isEmpty()) {
            throw new PlaybookInvalidException(revision.sourceFile() + " (revision " + revision.revision() + ")",
                    compiled.diagnostics());
        }
        return compiled.graph().get();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> sourceWorkload(ExecutionRecord source) {
        Object workload = contexts.load(source.executionId(), source.playbookPath(), "replay").variables().get("workload");
        return workload instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** {@code fromStep} and every step reachable from it along any edge. */
    private static Set<String> downstream(PlaybookGraph graph, String fromStep) {
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(fromStep));
        while (!pending.isEmpty()) {
            String step = pending.pop();
            if (reached.add(step)) {
                for (Edge edge : graph.outgoing(step)) {
                    pending.push(edge.to());
                }
            }
        }
        return reached;
    }

    /** Records the carried-over steps before the replay's first step runs; its step tasklets then skip them. */
    private void carryOver(long executionId, long sourceExecutionId, PlaybookGraph graph, Map<String, Object> reused) {
        long started = ledger.latestEventId(executionId, EventType.EXECUTION_STARTED, null).orElseThrow();
        List<NewEvent> events = new ArrayList<>();
        reused.forEach((step, result) -> events.add(NewEvent.of(executionId, EventType.STEP_REUSED)
                .node(step, graph.node(step).get().kind().name().toLowerCase(Locale.ROOT))
                .parent(started).status("reused").result(result)
                .context(Map.of("from_execution_id", String.valueOf(sourceExecutionId))).build()));
        ledger.appendAll(events);
    }
}
