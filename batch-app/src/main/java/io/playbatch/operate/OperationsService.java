package io.playbatch.operate;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
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
 * This version offers {@code start} and listing; restart, replay, stop, abandon and recover come
 * with the operations issue.
 */
@Service
public class OperationsService {

    private final PlaybookCompiler compiler;
    private final PlaybookLauncher launcher;
    private final ExecutionRepository executions;
    private final RunReports reports;

    public OperationsService(PlaybookLauncher launcher, ExecutionRepository executions, RunReports reports) {
        this.compiler = new PlaybookCompiler();
        this.launcher = launcher;
        this.executions = executions;
        this.reports = reports;
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

    public List<ExecutionRecord> list(String playbookPath, int limit, int offset) {
        return executions.list(playbookPath, limit, offset);
    }

    public RunSummary show(long executionId) {
        return reports.summary(executionId);
    }
}
