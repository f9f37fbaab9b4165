package io.playbatch.operate;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.catalog.PlaybookRevisions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.ledger.SnapshotVerifier;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.runtime.PlaybookLauncher;
import io.playbatch.runtime.RunRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Service;

/**
 * The operator verbs (DESIGN.md §9), one service for the CLI, the REST API and the web console.
 * This version offers {@code start}, {@code restart}, {@code abandon} and reports; replay, stop, abandon and
 * recover come with the operations issue.
 */
@Service
public class OperationsService {

    private final PlaybookCompiler compiler;
    private final PlaybookLauncher launcher;
    private final ExecutionRepository executions;
    private final RunReports reports;

    private final PlaybookRevisions revisions;
    private final EventLedger ledger;
    private final SnapshotVerifier verifier;

    public OperationsService(PlaybookLauncher launcher, ExecutionRepository executions, RunReports reports,
            PlaybookRevisions revisions, EventLedger ledger, SnapshotVerifier verifier,
            @org.springframework.beans.factory.annotation.Value("${batch.mcp.stdio.allowed-commands:}")
            List<String> allowedStdioCommands) {
        this.ledger = ledger;
        this.verifier = verifier;
        // The compiler checks MCP stdio commands against the operator's allowlist (MCP004).
        this.compiler = new PlaybookCompiler(io.playbatch.compiler.CompilerOptions.defaults().withAllowedStdioCommands(
                allowedStdioCommands.stream().map(String::trim).filter(c -> !c.isEmpty())
                        .collect(java.util.stream.Collectors.toSet())));
        this.launcher = launcher;
        this.executions = executions;
        this.reports = reports;
        this.revisions = revisions;
    }

    /**
     * Compiles the playbook, merges {@code workloadOverrides} over its workload (top-level keys
     * replace), runs it to the end and returns its summary.
     *
     * @throws PlaybookInvalidException when the playbook has errors (nothing is run)
     */
    public RunSummary start(Path playbookFile, Map<String, Object> workloadOverrides) throws Exception {
        CompilationResult compiled = compiler.compile(playbookFile);
        if (compiled.hasErrors() || compiled.graph().isEmpty()) {
            throw new PlaybookInvalidException(playbookFile.toString(), compiled.diagnostics());
        }
        return start(compiled.graph().get(), workloadOverrides);
    }

    /** Runs an already compiled playbook to the end; see {@link #start(Path, Map)}. */
    public RunSummary start(PlaybookGraph graph, Map<String, Object> workloadOverrides) throws Exception {
        Map<String, Object> workload = new LinkedHashMap<>();
        if (graph.workload() != null) {
            workload.putAll(graph.workload());
        }
        workload.putAll(workloadOverrides);
        JobExecution execution = launcher.launch(RunRequest.fresh(graph, workload));
        return reports.summary(execution.getId());
    }

    /**
     * Restarts a FAILED or STOPPED execution as the next execution of the same run (DESIGN.md §9):
     * with the playbook revision and workload the run started with, steps that completed are
     * reused (not run again), the others run. Returns the new execution's summary.
     *
     * @throws NotRestartableException when the execution cannot be restarted; the message says why
     */
    public RunSummary restart(long executionId) throws Exception {
        ExecutionRecord execution = execution(executionId);
        if (!"FAILED".equals(execution.status()) && !"STOPPED".equals(execution.status())) {
            throw new NotRestartableException("execution " + executionId + " is " + execution.status()
                    + "; only a FAILED or STOPPED execution can be restarted");
        }
        long latest = executions.latestOfRun(execution.runId());
        if (latest != executionId) {
            throw new NotRestartableException("execution " + executionId + " is not the latest of run "
                    + execution.runId() + "; restart execution " + latest + " instead");
        }
        PlaybookRevisions.StoredRevision revision = revisions.find(execution.playbookPath(), execution.playbookRevision())
                .filter(r -> r.source() != null)
                .orElseThrow(() -> new NotRestartableException("the source of revision " + execution.playbookRevision()
                        + " of " + execution.playbookPath() + " was not kept (its file changed while the run started);"
                        + " start a new run instead"));
        CompilationResult compiled = compiler.compile(revision.sourceFile(), revision.source());
        if (compiled.hasErrors() || compiled.graph().isEmpty()) {
            throw new PlaybookInvalidException(revision.sourceFile() + " (revision " + revision.revision() + ")",
                    compiled.diagnostics());
        }
        JobExecution restarted = launcher.restart(compiled.graph().get(), executionId);
        return reports.summary(restarted.getId());
    }

    /**
     * Abandons a FAILED or STOPPED execution (DESIGN.md §7): it can never be restarted. Spring
     * Batch's status becomes ABANDONED and the ledger records {@code execution_abandoned}, in that
     * order, so a crash in between leaves the run not restartable rather than restartable.
     *
     * @throws NotRestartableException when the execution is not FAILED or STOPPED
     */
    public ExecutionRecord abandon(long executionId, String reason) throws Exception {
        ExecutionRecord execution = execution(executionId);
        if (!"FAILED".equals(execution.status()) && !"STOPPED".equals(execution.status())) {
            throw new NotRestartableException("execution " + executionId + " is " + execution.status()
                    + "; only a FAILED or STOPPED execution can be abandoned");
        }
        launcher.abandon(executionId);
        Long cause = ledger.latestEventId(executionId, EventType.EXECUTION_COMPLETE, null).orElse(null);
        ledger.append(NewEvent.of(executionId, EventType.EXECUTION_ABANDONED).parent(cause).status("ABANDONED")
                .context(reason == null ? Map.of() : Map.of("reason", reason)).build());
        return executions.find(executionId).orElseThrow();
    }

    public List<ExecutionRecord> list(String playbookPath, int limit, int offset) {
        return executions.list(playbookPath, limit, offset);
    }

    public RunSummary show(long executionId) {
        return reports.summary(executionId);
    }

    /** The execution's row; {@link NoSuchExecutionException} when there is none. */
    public ExecutionRecord execution(long executionId) {
        return executions.find(executionId).orElseThrow(() -> new NoSuchExecutionException(executionId));
    }

    /** The execution's events in order. */
    public List<StoredEvent> events(long executionId) {
        execution(executionId);
        return ledger.events(executionId);
    }

    /** Every difference between the execution's snapshots and its events; empty when they agree. */
    public List<String> verify(long executionId) {
        execution(executionId);
        return verifier.verify(executionId);
    }
}
