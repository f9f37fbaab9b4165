package io.playbatch.operate;

import io.playbatch.catalog.PlaybookCatalog;
import io.playbatch.catalog.PlaybookRevisions;
import io.playbatch.catalog.RegisteredPlaybook;
import io.playbatch.catalog.Registration;
import io.playbatch.catalog.RegistrationListener;
import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.ledger.SnapshotVerifier;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.ExecutionPage;
import io.playbatch.report.NoSuchExecutionException;
import io.playbatch.report.RunProgress;
import io.playbatch.report.RunReports;
import io.playbatch.report.RunResume;
import io.playbatch.report.RunSummary;
import io.playbatch.runtime.ExecutionStateWriter;
import io.playbatch.runtime.PlaybookLauncher;
import io.playbatch.runtime.RunRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The operator verbs (docs/operations.md), one service for the CLI, the REST API and the web console.
 * Starts, restarts and replays run either in the caller's thread (CLI {@code run --wait} style) or
 * in the background ({@code submit*}, {@code replay}: the REST API, web console, schedules and MCP).
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
    private final Replays replays;
    private final PlaybookCatalog catalog;
    private final List<RegistrationListener> registrationListeners;
    private final McpServerCheck mcpCheck;
    private final boolean verifyMcpOnRegister;
    private final WorkloadLimits workloadLimits;
    private final ExecutionStateWriter stateWriter;

    public OperationsService(PlaybookLauncher launcher, ExecutionRepository executions, RunReports reports,
            PlaybookRevisions revisions, EventLedger ledger, SnapshotVerifier verifier, Replays replays,
            PlaybookCatalog catalog, List<RegistrationListener> registrationListeners,
            PlaybookCompiler compiler, McpServerCheck mcpCheck, WorkloadLimits workloadLimits,
            @Value("${playbatch.mcp.verify-on-register:false}") boolean verifyMcpOnRegister,
            ExecutionStateWriter stateWriter) {
        this.stateWriter = stateWriter;
        this.workloadLimits = workloadLimits;
        this.mcpCheck = mcpCheck;
        this.verifyMcpOnRegister = verifyMcpOnRegister;
        this.replays = replays;
        this.catalog = catalog;
        this.registrationListeners = List.copyOf(registrationListeners);
        this.ledger = ledger;
        this.verifier = verifier;
        this.compiler = compiler;
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
        return start(compile(playbookFile), workloadOverrides);
    }

    /** Runs an already compiled playbook to the end; see {@link #start(Path, Map)}. */
    public RunSummary start(PlaybookGraph graph, Map<String, Object> workloadOverrides) throws Exception {
        JobExecution execution = launcher.launch(RunRequest.fresh(graph, checkedWorkload(graph, workloadOverrides)));
        return reports.summary(execution.getId());
    }

    /**
     * The compiled graph of a playbook file, for a caller that shows it before starting it (the
     * console's launch form).
     *
     * @throws PlaybookInvalidException when the playbook has errors
     */
    public PlaybookGraph compile(Path playbookFile) {
        CompilationResult compiled = compiler.compile(playbookFile);
        if (compiled.hasErrors() || compiled.graph().isEmpty()) {
            throw new PlaybookInvalidException(playbookFile.toString(), compiled.diagnostics());
        }
        return compiled.graph().get();
    }

    /**
     * The merged workload, checked before the execution row exists so that a refused start leaves none.
     *
     * @throws WorkloadRejectedException when it is too large or cannot be stored
     */
    private Map<String, Object> checkedWorkload(PlaybookGraph graph, Map<String, Object> overrides) {
        Map<String, Object> workload = RunRequest.workload(graph, overrides);
        workloadLimits.check(graph, workload);
        return workload;
    }


    /**
     * Compiles the playbook and starts it in the background (see {@link #submit(PlaybookGraph, Map, String, Map)}).
     *
     * @throws PlaybookInvalidException when the playbook has errors (nothing is run)
     */
    public RunHandle submit(Path playbookFile, Map<String, Object> workloadOverrides, String via,
            Map<String, Object> audit) throws Exception {
        return submit(compile(playbookFile), workloadOverrides, via, audit);
    }

    /**
     * Starts a new run in the background and returns its ids once the execution is recorded, so it
     * can be read at once. {@code via} (who asked: {@code cli}, {@code api}, {@code web},
     * {@code schedule}, {@code mcp}) and the {@code audit} entries go into {@code execution_started.context}.
     */
    public RunHandle submit(PlaybookGraph graph, Map<String, Object> workloadOverrides, String via,
            Map<String, Object> audit) throws Exception {
        JobExecution execution = launcher.submit(RunRequest.fresh(graph, checkedWorkload(graph, workloadOverrides))
                .withOrigin(origin(via, audit)));
        return handle(execution);
    }

    /**
     * Restarts like {@link #restart(long)} but in the background, returning the new execution's ids
     * once it is recorded.
     */
    public RunHandle submitRestart(long executionId, String via) throws Exception {
        PlaybookGraph graph = restartable(executionId);
        claimRestart(executionId);
        try {
            return handle(launcher.submitRestart(graph, executionId, origin(via, null)));
        } catch (Exception | Error e) {
            executions.releaseRestart(executionId);
            throw e;
        }
    }

    /**
     * Restarts a FAILED or STOPPED execution as the next execution of the same run (docs/operations.md):
     * with the playbook revision and workload the run started with, steps that completed are
     * reused (not run again), the others run. Returns the new execution's summary.
     *
     * @throws NotRestartableException when the execution cannot be restarted; the message says why
     */
    public RunSummary restart(long executionId) throws Exception {
        PlaybookGraph graph = restartable(executionId);
        claimRestart(executionId);
        JobExecution restarted;
        try {
            restarted = launcher.restart(graph, executionId);
        } catch (Exception | Error e) {
            // Safe even if the restart got recorded: it is then the run's latest, and only the latest restarts.
            executions.releaseRestart(executionId);
            throw e;
        }
        return reports.summary(restarted.getId());
    }

    /** The one restart of an execution: a second request at the same time is refused, not started twice. */
    private void claimRestart(long executionId) {
        if (!executions.claimRestart(executionId)) {
            throw new NotRestartableException("execution " + executionId + " is already being restarted (another"
                    + " request got there first); follow the new execution with 'playbatch list --playbook "
                    + execution(executionId).playbookPath() + "'");
        }
    }

    /**
     * Asks a running execution to stop gracefully: no new task is dispatched, running tasks finish
     * or are interrupted at their timeout, and the execution ends STOPPED (restartable). Returns at once;
     * the process running the job notices within one {@code playbatch.manager.heartbeat}.
     *
     * @throws ExecutionStateException when the execution is not running (or already stopping)
     */
    public ExecutionRecord stop(long executionId) {
        ExecutionRecord execution = execution(executionId);
        if (!"STARTING".equals(execution.status()) && !"STARTED".equals(execution.status())) {
            throw new ExecutionStateException("execution " + executionId + " is " + execution.status()
                    + ", not running; only a STARTING or STARTED execution can be stopped");
        }
        try {
            // Spring Batch's status becomes STOPPING; the process running the job reads it with its heartbeat.
            stateWriter.stop(executionId);
        } catch (JobExecutionNotRunningException e) {
            throw new ExecutionStateException("execution " + executionId + " is already stopping or ending"
                    + " (Spring Batch status " + launcher.jobRepository().getJobExecution(executionId).getStatus()
                    + "); follow it with 'playbatch show " + executionId + "'");
        }
        return execution(executionId);
    }

    /**
     * Replays an execution as a new run from {@code fromStep}: the steps it completed before that
     * step are carried over, {@code fromStep} and what follows it run again, on the source's
     * workload with {@code workloadOverrides} merged over it, with the source's playbook revision or,
     * when {@code latest}, the newest recorded one. Runs in the background.
     */
    public RunHandle replay(long executionId, String fromStep, Map<String, Object> workloadOverrides, boolean latest) {
        return replay(executionId, fromStep, workloadOverrides, latest, null, null);
    }

    /**
     * {@link #replay(long, String, Map, boolean)} recording who asked ({@code via}, {@code audit}) in
     * {@code execution_started.context}, as {@code submit} does.
     *
     * @throws ReplayRefusedException when the replay cannot start as asked; the message says why
     */
    public RunHandle replay(long executionId, String fromStep, Map<String, Object> workloadOverrides, boolean latest,
            String via, Map<String, Object> audit) {
        workloadLimits.checkWorkload(workloadOverrides == null ? Map.of() : workloadOverrides);
        try {
            return replays.replay(executionId, fromStep, workloadOverrides, latest, origin(via, audit));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("replay of execution " + executionId + " did not start: " + e.getMessage(), e);
        }
    }

    /** The graph of the revision the execution ran, after checking that it may be restarted now. */
    private PlaybookGraph restartable(long executionId) {
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
        return compileRevision(revision);
    }

    /**
     * The compiled graph of a recorded revision of a playbook, for pictures of it (the console's
     * graph); empty when the revision's source was not kept or no longer compiles.
     */
    public Optional<PlaybookGraph> revisionGraph(String playbookPath, String revision) {
        return revisions.find(playbookPath, revision).filter(r -> r.source() != null)
                .map(r -> compiler.compile(r.sourceFile(), r.source()))
                .filter(compiled -> !compiled.hasErrors())
                .flatMap(CompilationResult::graph);
    }

    private PlaybookGraph compileRevision(PlaybookRevisions.StoredRevision revision) {
        CompilationResult compiled = compiler.compileRevision(revision.playbookPath(), revision.sourceFile(),
                revision.source());
        if (compiled.hasErrors() || compiled.graph().isEmpty()) {
            throw new PlaybookInvalidException(revision.sourceFile() + " (revision " + revision.revision() + ")",
                    compiled.diagnostics());
        }
        return compiled.graph().get();
    }

    /**
     * Registers the playbook in the catalog (docs/architecture.md#modules-and-packages, {@code catalog}): compiles it, keeps its
     * revision (content hash and exact source) and makes it the revision that new scheduled runs use,
     * then installs or updates its schedules. Registering the same content again changes nothing
     * ({@link Registration#outcome()} {@code unchanged}). With {@code playbatch.mcp.verify-on-register=true}
     * the playbook's MCP servers are asked first ({@link McpServerCheck}, with the workload defaults),
     * and any error they reveal refuses the registration.
     *
     * @throws PlaybookInvalidException when the playbook has errors (nothing is registered)
     * @throws McpCheckFailedException when the online check is on and reports errors (nothing is registered)
     */
    public Registration register(Path playbookFile) {
        PlaybookGraph graph = compile(playbookFile);
        if (verifyMcpOnRegister) {
            List<Diagnostic> errors = mcpCheck.check(graph, Map.of()).stream().filter(Diagnostic::isError).toList();
            if (!errors.isEmpty()) {
                throw new McpCheckFailedException(playbookFile.toString(), errors);
            }
        }
        revisions.register(graph);
        String outcome = catalog.register(graph);
        registrationListeners.forEach(l -> l.registered(graph, !"unchanged".equals(outcome)));
        return new Registration(catalog.find(graph.path()).orElseThrow(), outcome);
    }

    /** Every registered playbook with its current revision, labels, description and schedule count, by path. */
    public List<RegisteredPlaybook> playbooks() {
        return catalog.list();
    }

    /**
     * The compiled graph of the playbook's registered revision (what schedules run).
     *
     * @throws NoSuchPlaybookException when the path is not registered
     */
    public PlaybookGraph registeredGraph(String playbookPath) {
        RegisteredPlaybook playbook = catalog.find(playbookPath)
                .orElseThrow(() -> new NoSuchPlaybookException(playbookPath));
        return compileRevision(revisions.find(playbookPath, playbook.revision()).orElseThrow());
    }

    private RunHandle handle(JobExecution execution) {
        return new RunHandle(execution.getId(), execution.getJobParameters().getLong("run_id"));
    }

    private static Map<String, Object> origin(String via, Map<String, Object> audit) {
        Map<String, Object> origin = new LinkedHashMap<>();
        if (audit != null) {
            origin.putAll(audit);
        }
        if (via != null) {
            origin.put("via", via);
        }
        return origin;
    }

    /**
     * Abandons a FAILED or STOPPED execution (docs/state-machine.md): it can never be restarted. Spring
     * Batch's status becomes ABANDONED and the ledger records {@code execution_abandoned}, in one
     * transaction ({@link ExecutionStateWriter#abandon}).
     *
     * @throws NotRestartableException when the execution is not FAILED or STOPPED
     */
    public ExecutionRecord abandon(long executionId, String reason) throws Exception {
        ExecutionRecord execution = execution(executionId);
        if (!"FAILED".equals(execution.status()) && !"STOPPED".equals(execution.status())) {
            throw new NotRestartableException("execution " + executionId + " is " + execution.status()
                    + "; only a FAILED or STOPPED execution can be abandoned");
        }
        long latest = executions.latestOfRun(execution.runId());
        if (latest != executionId) {
            throw new NotRestartableException("execution " + executionId + " is not the latest of run "
                    + execution.runId() + "; abandon execution " + latest + " instead");
        }
        stateWriter.abandon(executionId, reason);
        return executions.find(executionId).orElseThrow();
    }

    public List<ExecutionRecord> list(String playbookPath, int limit, int offset) {
        return executions.list(playbookPath, limit, offset);
    }

    /**
     * One page of executions matching the filter (playbook, statuses, created_at since/until,
     * labels), newest first, with whether a next page exists. Indexed; no count over the table.
     */
    public ExecutionPage list(ExecutionFilter filter) {
        return ExecutionPage.of(executions.list(filter), filter);
    }

    /** How far the execution is (what {@code run}, {@code restart} and {@code replay} print while they wait). */
    public RunProgress progress(long executionId) {
        return reports.progress(executionId);
    }

    public RunSummary show(long executionId) {
        return reports.summary(executionId);
    }

    /** The automatic resumes of the execution's run, oldest first (docs/operations.md#automatic-resume). */
    public List<RunResume> resumes(long executionId) {
        return reports.resumes(execution(executionId).runId());
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
