package io.playbatch.mcp.server;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.playbatch.admission.StartAdmission;
import io.playbatch.admission.StartsBusyException;
import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.McpExposure;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ids.IdCodec;
import io.playbatch.ids.InvalidIdException;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.operate.ExecutionStateException;
import io.playbatch.operate.NotRestartableException;
import io.playbatch.operate.OperationsService;
import io.playbatch.operate.PlaybookInvalidException;
import io.playbatch.operate.RunHandle;
import io.playbatch.operate.WorkloadRejectedException;
import io.playbatch.report.NoSuchExecutionException;
import io.playbatch.report.RunSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the MCP tools and resources do, in plain Java: list, describe and start exposed playbooks and
 * read, stop and restart their runs, all through the one {@link OperationsService}. Only playbooks
 * whose {@code metadata.mcp.expose} is true are visible; every refusal is a {@link ToolError} saying
 * how to fix it. Results are JSON-like maps with 64-bit ids as decimal strings. Thread-safe.
 */
public class PlaybookTools {

    static final String VIA = "mcp";
    private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    private final McpPlaybookCatalog catalog;
    private final OperationsService operations;
    private final ClientRequests clientRequests;
    /** The application's compiler, so MCP judges a playbook with the operator's limits and allowlist. */
    private final PlaybookCompiler compiler;
    private final StartAdmission admission;
    private final JsonSchemaValidator schemaValidator = new DefaultJsonSchemaValidator();

    public PlaybookTools(McpPlaybookCatalog catalog, OperationsService operations, ClientRequests clientRequests,
            PlaybookCompiler compiler, StartAdmission admission) {
        this.admission = admission;
        this.catalog = catalog;
        this.compiler = compiler;
        this.operations = operations;
        this.clientRequests = clientRequests;
    }

    /** {@code list_playbooks}: the exposed playbooks, by path. */
    public Map<String, Object> listPlaybooks() {
        List<Map<String, Object>> playbooks = new ArrayList<>();
        for (CatalogPlaybook playbook : catalog.playbooks()) {
            // A revision that no longer compiles (or never exposed itself) is simply not offered.
            PlaybookGraph graph = compile(playbook).graph().orElse(null);
            if (graph != null && graph.mcpExposure().expose()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", playbook.path());
                entry.put("name", graph.name());
                entry.put("description", graph.description());
                entry.put("revision", playbook.revision());
                playbooks.add(entry);
            }
        }
        return Map.of("playbooks", playbooks);
    }

    /** {@code describe_playbook}: what a run of an exposed playbook takes and does. */
    public Map<String, Object> describePlaybook(Map<String, Object> arguments) {
        Exposed exposed = exposed(requiredText(arguments, "playbook"));
        CatalogPlaybook playbook = exposed.playbook();
        PlaybookGraph graph = exposed.graph();
        McpExposure exposure = graph.mcpExposure();
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("path", playbook.path());
        description.put("name", graph.name());
        description.put("description", graph.description());
        description.put("revision", playbook.revision());
        description.put("labels", graph.labels());
        boolean declared = exposure.inputSchema() != null;
        description.put("input_schema", declared ? exposure.inputSchema() : WorkloadSchemas.inferred(graph.workload()));
        description.put("input_schema_source", declared ? "metadata.mcp.input_schema" : "inferred from workload defaults");
        description.put("workload_defaults", graph.workload() == null ? Map.of() : graph.workload());
        description.put("steps", graph.nodes().stream().map(StepNode::name).toList());
        return description;
    }

    /**
     * {@code start_run}: starts an exposed playbook in the background and returns its ids at once;
     * the same {@code client_request_id} for the same playbook returns the run the first call started.
     */
    public Map<String, Object> startRun(Map<String, Object> arguments, Map<String, Object> client) {
        String path = requiredText(arguments, "playbook");
        String clientRequestId = requiredText(arguments, "client_request_id");
        if (clientRequestId.length() > 200) {
            throw new ToolError("'client_request_id' is " + clientRequestId.length()
                    + " characters long; use at most 200 (a UUID is fine)");
        }
        Map<String, Object> workload = workload(arguments.get("workload"));
        PlaybookGraph graph = exposed(path).graph();
        checkDeclaredSchema(graph, workload);
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("client_request_id", clientRequestId);
        audit.put("client", client);
        // The turn is taken before the client request is claimed: the claim holds a connection while the start runs.
        ClientRequests.Outcome outcome = admitted(() -> clientRequests.startOnce(path, clientRequestId, client, () -> {
            try {
                return operations.submit(graph, workload, VIA, audit);
            } catch (WorkloadRejectedException e) {
                // Refused before the execution was recorded; the claim of the client_request_id is rolled back.
                throw new ToolError(e.getMessage());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }));
        Map<String, Object> started = handle(outcome.handle());
        started.put("playbook", path);
        started.put("client_request_id", clientRequestId);
        started.put("deduplicated", !outcome.started());
        started.put("next", "poll get_run with this execution_id until finished is true");
        return started;
    }

    /**
     * A playbook that declares {@code metadata.mcp.input_schema} gets only workloads matching it:
     * the defaults with the given keys replaced, as the run would see them. Nothing is started otherwise.
     */
    private void checkDeclaredSchema(PlaybookGraph graph, Map<String, Object> overrides) {
        Map<String, Object> schema = graph.mcpExposure().inputSchema();
        if (schema == null) {
            return;
        }
        Map<String, Object> merged = new LinkedHashMap<>(graph.workload() == null ? Map.of() : graph.workload());
        merged.putAll(overrides);
        JsonSchemaValidator.ValidationResponse response = schemaValidator.validate(schema, merged);
        if (!response.valid()) {
            throw new ToolError("'workload' does not match the input_schema of playbook '" + graph.path() + "': "
                    + response.errorMessage() + " (describe_playbook shows the schema)");
        }
    }

    /** {@code get_run}: the status, steps and result or error of an execution of an exposed playbook. */
    public Map<String, Object> getRun(Map<String, Object> arguments) {
        return run(executionId(arguments));
    }

    /** {@code stop_run}: asks a running execution to stop gracefully. */
    public Map<String, Object> stopRun(Map<String, Object> arguments) {
        long executionId = exposedExecution(executionId(arguments)).executionId();
        try {
            operations.stop(executionId);
        } catch (ExecutionStateException e) {
            throw new ToolError(e.getMessage());
        }
        return run(executionId);
    }

    /** {@code restart_run}: the next execution of a FAILED or STOPPED run, in the background. */
    public Map<String, Object> restartRun(Map<String, Object> arguments) {
        long executionId = exposedExecution(executionId(arguments)).executionId();
        try {
            return handle(admitted(() -> operations.submitRestart(executionId, VIA)));
        } catch (NotRestartableException | PlaybookInvalidException e) {
            throw new ToolError(e.getMessage());
        }
    }

    /** A start once the admission line lets it through; a full line is a tool error that says when to retry. */
    private <T> T admitted(StartAdmission.Start<T> start) {
        try {
            return admission.admit(start);
        } catch (StartsBusyException e) {
            throw new ToolError("busy, retry after " + e.retryAfterSeconds() + " s: " + e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The YAML source of an exposed playbook's current revision ({@code playbook://{path}}). */
    public String playbookSource(String path) {
        return exposed(path).playbook().source();
    }

    /** The {@code get_run} view of an execution ({@code run://{execution_id}}). */
    public Map<String, Object> run(long executionId) {
        ExecutionRecord execution = exposedExecution(executionId);
        RunSummary summary = operations.show(executionId);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("execution_id", IdCodec.format(execution.executionId()));
        run.put("run_id", IdCodec.format(execution.runId()));
        run.put("playbook", execution.playbookPath());
        run.put("revision", execution.playbookRevision());
        run.put("status", summary.status());
        run.put("finished", FINISHED.contains(summary.status()));
        run.put("restart_of", IdCodec.format(execution.restartOf()));
        run.put("created_at", instant(execution.createdAt()));
        run.put("started_at", instant(execution.startedAt()));
        run.put("ended_at", instant(execution.endedAt()));
        run.put("result", summary.result());
        run.put("error", summary.error());
        run.put("steps", summary.steps().stream().map(step -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("name", step.name());
            line.put("status", step.status());
            line.put("duration_ms", step.durationMs());
            line.put("message", step.message());
            return line;
        }).toList());
        return run;
    }

    private ExecutionRecord exposedExecution(long executionId) {
        ExecutionRecord execution;
        try {
            execution = operations.execution(executionId);
        } catch (NoSuchExecutionException e) {
            throw new ToolError("no execution " + executionId + "; start_run returns the execution_id to use");
        }
        exposed(execution.playbookPath());
        return execution;
    }

    /** A playbook's current revision and its compiled graph, known to be exposed. */
    private record Exposed(CatalogPlaybook playbook, PlaybookGraph graph) {
    }

    private Exposed exposed(String path) {
        CatalogPlaybook playbook = catalog.find(path).orElseThrow(() -> new ToolError("no playbook '" + path
                + "' is registered; list_playbooks shows the playbooks exposed over MCP (an operator registers one with"
                + " 'playbatch register FILE')"));
        // Diagnostics are not echoed: they would show an MCP client the content of a playbook that
        // may not be exposed.
        PlaybookGraph graph = compile(playbook).graph().orElseThrow(() -> new ToolError("playbook '" + path
                + "' (revision " + playbook.revision() + ") does not compile; an operator sees why with"
                + " 'playbatch validate' and registers a fixed revision"));
        if (!graph.mcpExposure().expose()) {
            throw new ToolError("playbook '" + path + "' is not exposed over MCP; an operator exposes it by adding"
                    + " 'mcp: { expose: true }' under 'metadata' in its YAML and registering it again");
        }
        return new Exposed(playbook, graph);
    }

    private CompilationResult compile(CatalogPlaybook playbook) {
        return compiler.compileRevision(playbook.path(), playbook.sourceFile(), playbook.source());
    }

    private static long executionId(Map<String, Object> arguments) {
        try {
            return IdCodec.parse("execution_id", arguments.get("execution_id"));
        } catch (InvalidIdException e) {
            throw new ToolError(e.getMessage() + " (fix: pass the execution_id string that start_run returned)");
        }
    }

    private static String requiredText(Map<String, Object> arguments, String field) {
        Object value = arguments.get(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new ToolError("'" + field + "' is required and must be a non-empty string"
                    + (value == null ? "" : ", got " + value));
        }
        return text;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> workload(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ToolError("'workload' must be an object whose keys replace the playbook's workload defaults"
                    + " (describe_playbook shows them), got " + value);
        }
        return (Map<String, Object>) map;
    }

    private static Map<String, Object> handle(RunHandle handle) {
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("execution_id", IdCodec.format(handle.executionId()));
        ids.put("run_id", IdCodec.format(handle.runId()));
        return ids;
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
