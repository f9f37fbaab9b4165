package io.playbatch.api;

import io.playbatch.catalog.RegisteredPlaybook;
import io.playbatch.ids.IdCodec;
import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.operate.OperationsService;
import io.playbatch.report.PlaybookReports;
import io.playbatch.report.PlaybookSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/playbooks}: the playbooks this server knows (registered, ran, or a revision was recorded)
 * and one playbook's revisions, step duration statistics and newest executions. A catalog path has
 * slashes ({@code examples/hello}), so the detail route takes the rest of the URL as the path.
 */
@RestController
@RequestMapping("/api/v1/playbooks")
@Tag(name = "playbooks", description = "Playbooks, their revisions, run history and step statistics")
class PlaybooksController {

    private final PlaybookReports playbooks;
    private final OperationsService operations;

    PlaybooksController(PlaybookReports playbooks, OperationsService operations) {
        this.playbooks = playbooks;
        this.operations = operations;
    }

    @GetMapping
    @Operation(operationId = "listPlaybooks", summary = "Every known playbook with its execution count and newest execution")
    List<ApiModel.Playbook> list() {
        Map<String, RegisteredPlaybook> registered = registered();
        Map<String, ApiModel.Playbook> all = new TreeMap<>();
        playbooks.playbooks().forEach(p -> all.put(p.path(), ApiModel.Playbook.of(p, registered.get(p.path()))));
        registered.forEach((path, r) -> all.computeIfAbsent(path, p -> ApiModel.Playbook.of(playbooks.playbook(p), r)));
        return List.copyOf(all.values());
    }

    private Map<String, RegisteredPlaybook> registered() {
        Map<String, RegisteredPlaybook> byPath = new HashMap<>();
        operations.playbooks().forEach(r -> byPath.put(r.playbookPath(), r));
        return byPath;
    }

    @GetMapping("/{*path}")
    @ProblemResponses(404)
    @Operation(operationId = "getPlaybook", summary = "One playbook: revisions, step duration statistics and its newest executions",
            description = "The catalog path is the rest of the URL, e.g. /api/v1/playbooks/examples/hello."
                    + " Older executions: GET /api/v1/executions?playbook=PATH&offset=N.")
    ApiModel.PlaybookDetail detail(@PathVariable String path,
            @Parameter(description = "how many newest executions the statistics cover (1 to 100000)")
            @RequestParam(defaultValue = "" + PlaybookReports.DEFAULT_STATISTICS_WINDOW) int window,
            @Parameter(description = "how many newest executions to include (1 to 500)")
            @RequestParam(defaultValue = "20") int limit) {
        String catalogPath = path.startsWith("/") ? path.substring(1) : path;
        if (window < 1 || window > 100_000) {
            throw new InvalidRequestException("window", "must be between 1 and 100000, not " + window);
        }
        PlaybookSummary summary = playbooks.playbook(catalogPath);
        List<ApiModel.Revision> revisions = playbooks.revisions(catalogPath).stream().map(ApiModel.Revision::of).toList();
        RegisteredPlaybook registration = registered().get(catalogPath);
        if (summary.executions() == 0 && revisions.isEmpty() && registration == null) {
            throw new NotFoundException("playbook-not-found", "No such playbook", "No playbook " + catalogPath
                    + " has run or been recorded here; list known playbooks with GET /api/v1/playbooks");
        }
        if (limit < 1 || limit > ExecutionFilter.MAX_LIMIT) {
            throw new InvalidRequestException("limit", "must be between 1 and " + ExecutionFilter.MAX_LIMIT);
        }
        return new ApiModel.PlaybookDetail(catalogPath, summary.executions(),
                IdCodec.format(summary.lastExecutionId()), summary.lastStatus(),
                ApiModel.Playbook.of(summary, registration), revisions, window,
                playbooks.stepStatistics(catalogPath, window).stream().map(ApiModel.StepStats::of).toList(),
                ApiModel.ExecutionList.of(playbooks.history(catalogPath, limit, 0)));
    }
}
