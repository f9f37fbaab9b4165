package io.playbatch.api;

import io.playbatch.admission.StartAdmission;
import io.playbatch.catalog.PlaybookRoots;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.ids.IdCodec;
import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.operate.NoSuchPlaybookException;
import io.playbatch.operate.OperationsService;
import io.playbatch.operate.RunHandle;
import io.playbatch.recovery.DeadExecutions;
import io.playbatch.report.EventPage;
import io.playbatch.report.PlaybookReports;
import io.playbatch.report.RunReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/executions}: the filtered, paged list, one execution's detail, steps, partitions,
 * timeline, events and tasks, and the operator actions (start, restart, replay, stop, abandon,
 * recover), all through {@link OperationsService} ({@link DeadExecutions} for recover) and the read
 * models. Ids in paths are parsed by {@link IdCodec} (a bad one is a 400 naming the field).
 */
@RestController
@RequestMapping("/api/v1/executions")
@Tag(name = "executions", description = "Executions (attempts at runs): list, detail, reports and actions")
class ExecutionsController {

    private final OperationsService operations;
    private final DeadExecutions deadExecutions;
    private final RunReports reports;
    private final PlaybookReports playbooks;
    private final PlaybookRoots roots;
    private final StartAdmission admission;

    ExecutionsController(OperationsService operations, DeadExecutions deadExecutions, RunReports reports,
            PlaybookReports playbooks, PlaybookRoots roots, StartAdmission admission) {
        this.admission = admission;
        this.operations = operations;
        this.deadExecutions = deadExecutions;
        this.roots = roots;
        this.reports = reports;
        this.playbooks = playbooks;
    }

    @GetMapping
    @Operation(operationId = "listExecutions", summary = "List executions, newest first, filtered and paged",
            description = "Filters combine with AND. since/until bound created_at (ISO-8601 instant or a date = midnight UTC).")
    ApiModel.ExecutionList list(
            @Parameter(description = "catalog path") @RequestParam(required = false) String playbook,
            @Parameter(description = "status(es); repeat or separate with commas") @RequestParam(required = false) List<String> status,
            @Parameter(description = "created at or after") @RequestParam(required = false) String since,
            @Parameter(description = "created before") @RequestParam(required = false) String until,
            @Parameter(description = "key=value from metadata.labels; repeatable, all must match") @RequestParam(required = false) List<String> label,
            @Parameter(description = "1 to 500") @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return ApiModel.ExecutionList.of(operations.list(
                ExecutionFilter.parse(playbook, status, since, until, label, limit, offset)));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ProblemResponses({404, 415, 422, 429})
    @Operation(operationId = "startExecution", summary = "Start a playbook in the background",
            description = "202 with the new execution's ids once it is recorded; poll GET /api/v1/executions/{execution_id}."
                    + " 429 (too-many-starts, with Retry-After) when too many starts are under way; nothing was started.")
    ResponseEntity<ApiModel.Accepted> start(@RequestBody ApiModel.StartRequest body, HttpServletRequest request)
            throws Exception {
        if (body == null || (blank(body.playbook()) == blank(body.file()))) {
            throw new InvalidRequestException("playbook", "give exactly one of 'playbook' (a catalog path such as"
                    + " examples/hello) or 'file' (a playbook file inside the server's playbook roots)");
        }
        return admission.admit(() -> startAdmitted(body, request));
    }

    private ResponseEntity<ApiModel.Accepted> startAdmitted(ApiModel.StartRequest body, HttpServletRequest request)
            throws Exception {
        Map<String, Object> workload = body.workload() == null ? Map.of() : body.workload();
        Map<String, Object> audit = Map.of("remote_address", request.getRemoteAddr());
        if (!blank(body.file())) {
            // Only a playbook file inside the configured roots; a refusal says nothing of the file.
            return accepted(operations.submit(roots.resolve(body.file()), workload, "api", audit));
        }
        PlaybookGraph registered;
        try {
            // A registered playbook runs its registered revision, like its schedules.
            registered = operations.registeredGraph(body.playbook());
        } catch (NoSuchPlaybookException e) {
            Path file = playbooks.sourceFile(body.playbook()).orElseThrow(() -> new NotFoundException(
                    "playbook-not-found", "No such playbook", "No playbook " + body.playbook() + " is registered or"
                            + " known with a file on the server; register it (playbatch register FILE), list known"
                            + " playbooks with GET /api/v1/playbooks, or give 'file'"));
            // A playbook known only from earlier runs may have been run from anywhere by the CLI.
            return accepted(operations.submit(roots.resolve(file.toString()), workload, "api", audit));
        }
        return accepted(operations.submit(registered, workload, "api", audit));
    }

    @GetMapping("/{execution_id}")
    @ProblemResponses(404)
    @Operation(operationId = "getExecution", summary = "One execution: ids, status, times, result, error, lineage, labels")
    ApiModel.ExecutionDetailJson detail(@PathVariable("execution_id") String executionId) {
        return ApiModel.ExecutionDetailJson.of(reports.detail(id(executionId)));
    }

    @GetMapping("/{execution_id}/steps")
    @ProblemResponses(404)
    @Operation(operationId = "listExecutionSteps", summary = "The workflow steps with status, times, Spring Batch read/write/skip counts and errors")
    List<ApiModel.Step> steps(@PathVariable("execution_id") String executionId) {
        return reports.steps(id(executionId)).stream().map(ApiModel.Step::of).toList();
    }

    @GetMapping("/{execution_id}/partitions")
    @ProblemResponses(404)
    @Operation(operationId = "listExecutionPartitions", summary = "The Spring Batch partitions of the loop steps (one step with ?step=)")
    List<ApiModel.Partition> partitions(@PathVariable("execution_id") String executionId,
            @RequestParam(required = false) String step) {
        return reports.partitions(id(executionId), step).stream().map(ApiModel.Partition::of).toList();
    }

    @GetMapping("/{execution_id}/timeline")
    @ProblemResponses(404)
    @Operation(operationId = "getExecutionTimeline", summary = "Gantt bars of steps and loop partitions, drawn from the events")
    List<ApiModel.Span> timeline(@PathVariable("execution_id") String executionId) {
        return reports.timeline(id(executionId)).stream().map(ApiModel.Span::of).toList();
    }

    @GetMapping("/{execution_id}/events")
    @ProblemResponses(404)
    @Operation(operationId = "listExecutionEvents", summary = "The events in order with their parent ids, in pages",
            description = "Pass the previous page's next_after as 'after'; next_after is null on the last page.")
    ApiModel.EventList events(@PathVariable("execution_id") String executionId,
            @Parameter(description = "event id to continue after") @RequestParam(required = false) String after,
            @Parameter(description = "1 to 1000") @RequestParam(defaultValue = "1000") int limit) {
        long id = id(executionId);
        checkPage(limit, 0);
        EventPage page = reports.events(id, after == null ? 0 : IdCodec.parse("after", after), limit);
        String next = page.nextAfter() == null ? null : IdCodec.format(page.nextAfter());
        return new ApiModel.EventList(page.events().stream().map(ApiModel.Event::of).toList(), next);
    }

    @GetMapping("/{execution_id}/tasks")
    @ProblemResponses(404)
    @Operation(operationId = "listExecutionTasks", summary = "Rendered tasks and result envelopes",
            description = "Without ?step=, one per plain step; with it, that step's task, or a loop's iterations in index order (paged).")
    List<ApiModel.Task> tasks(@PathVariable("execution_id") String executionId, @RequestParam(required = false) String step,
            @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        long id = id(executionId);
        checkPage(limit, offset);
        return reports.tasks(id, step, limit, offset).stream().map(ApiModel.Task::of).toList();
    }

    @PostMapping("/{execution_id}/restart")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ProblemResponses({404, 409, 429})
    @Operation(operationId = "restartExecution", summary = "Restart a FAILED or STOPPED execution (the latest of its run) in the background",
            description = "202 with the new execution's ids; 409 when it cannot be restarted; 429 (too-many-starts) when"
                    + " too many starts are under way.")
    ResponseEntity<ApiModel.Accepted> restart(@PathVariable("execution_id") String executionId) throws Exception {
        long id = id(executionId);
        return accepted(admission.admit(() -> operations.submitRestart(id, "api")));
    }

    @PostMapping("/{execution_id}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ProblemResponses({404, 409, 415, 429})
    @Operation(operationId = "replayExecution", summary = "Replay an execution as a new run from a step, in the background",
            description = "202 with the new run's ids; 409 (replay-refused) for an unknown step, a step that did not run"
                    + " in the source, or a running source; 429 (too-many-starts) when too many starts are under way.")
    ResponseEntity<ApiModel.Accepted> replay(@PathVariable("execution_id") String executionId,
            @RequestBody ApiModel.ReplayRequest body, HttpServletRequest request) throws Exception {
        long id = id(executionId);
        if (body == null || blank(body.from())) {
            throw new InvalidRequestException("from", "name the step to replay from, e.g. {\"from\": \"summarize\"}");
        }
        Map<String, Object> workload = body.workload() == null ? Map.of() : body.workload();
        Map<String, Object> audit = Map.of("remote_address", request.getRemoteAddr());
        return accepted(admission.admit(() -> operations.replay(id, body.from(), workload,
                Boolean.TRUE.equals(body.latest()), "api", audit)));
    }

    @PostMapping("/{execution_id}/stop")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ProblemResponses({404, 409})
    @Operation(operationId = "stopExecution", summary = "Ask a running execution to stop gracefully (it ends STOPPED, restartable)",
            description = "202 at once with the execution; poll it until STOPPED. 409 (wrong-state) when it is not running.")
    ResponseEntity<ApiModel.Execution> stop(@PathVariable("execution_id") String executionId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(ApiModel.Execution.of(operations.stop(id(executionId))));
    }

    @PostMapping("/{execution_id}/abandon")
    @ProblemResponses({404, 409, 415})
    @Operation(operationId = "abandonExecution", summary = "Abandon a FAILED or STOPPED execution: it can never be restarted")
    ApiModel.Execution abandon(@PathVariable("execution_id") String executionId,
            @RequestBody(required = false) ApiModel.AbandonRequest body) throws Exception {
        return ApiModel.Execution.of(operations.abandon(id(executionId), body == null ? null : body.reason()));
    }

    @PostMapping("/{execution_id}/recover")
    @ProblemResponses({404, 409})
    @Operation(operationId = "recoverExecution", summary = "Mark an execution whose process died FAILED, so it can be restarted",
            description = "409 (wrong-state) when it is not running, its manager is alive or a worker holds a lease.")
    ApiModel.Execution recover(@PathVariable("execution_id") String executionId) {
        return ApiModel.Execution.of(deadExecutions.recover(id(executionId)));
    }

    @PostMapping("/recover")
    @Operation(operationId = "recoverDeadExecutions", summary = "Mark every execution whose process died FAILED, so each can be restarted",
            description = "200 with the executions recovered now (an empty list when none is dead), as `playbatch recover`"
                    + " without an id.")
    List<ApiModel.Execution> recoverDead() {
        return deadExecutions.recoverDead().stream().map(ApiModel.Execution::of).toList();
    }

    static long id(String text) {
        return IdCodec.parse("execution_id", text);
    }

    private static void checkPage(int limit, int offset) {
        if (limit < 1 || limit > RunReports.MAX_PAGE) {
            throw new InvalidRequestException("limit", "must be between 1 and " + RunReports.MAX_PAGE + ", not " + limit);
        }
        if (offset < 0) {
            throw new InvalidRequestException("offset", "must be 0 or more, not " + offset);
        }
    }

    private static ResponseEntity<ApiModel.Accepted> accepted(RunHandle handle) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/executions/" + handle.executionId()))
                .body(ApiModel.Accepted.of(handle));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
