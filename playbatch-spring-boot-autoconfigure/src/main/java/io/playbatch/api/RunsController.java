package io.playbatch.api;

import io.playbatch.ids.IdCodec;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.report.RunReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/runs/{run_id}}: a run is its executions (first attempt, restarts), oldest first. */
@RestController
@RequestMapping("/api/v1/runs")
@Tag(name = "runs", description = "Runs (Spring Batch job instances) and their executions")
class RunsController {

    private final RunReports reports;

    RunsController(RunReports reports) {
        this.reports = reports;
    }

    @GetMapping("/{run_id}")
    @ProblemResponses(404)
    @Operation(operationId = "getRun", summary = "A run: its status (its latest execution's) and every execution of it")
    ApiModel.Run run(@PathVariable("run_id") String runId) {
        long id = IdCodec.parse("run_id", runId);
        List<ExecutionRecord> executions = reports.run(id);
        if (executions.isEmpty()) {
            throw new NotFoundException("run-not-found", "No such run", "No run " + id
                    + "; the run_id of an execution is in GET /api/v1/executions");
        }
        return ApiModel.Run.of(id, executions);
    }
}
