package io.playbatch.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.playbatch.ids.IdCodec;
import io.playbatch.operate.OperationsService;
import io.playbatch.report.RunSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/executions/{execution_id}/summary}: the run summary that {@code playbatch run} and
 * {@code show} print, so that a CLI talking to a server prints exactly what it prints on the database.
 */
@RestController
@RequestMapping("/api/v1/executions")
@Tag(name = "executions")
class SummaryController {

    private final OperationsService operations;

    SummaryController(OperationsService operations) {
        this.operations = operations;
    }

    @Schema(description = "The run summary of an execution: one line per workflow step, in playbook order.")
    record Summary(@JsonProperty("execution_id") String executionId, @JsonProperty("run_id") String runId,
            String playbook, String status, Object result, Object error, List<StepLine> steps) {

        static Summary of(RunSummary s) {
            return new Summary(IdCodec.format(s.executionId()), IdCodec.format(s.runId()), s.playbook(), s.status(),
                    s.result(), s.error(), s.steps().stream().map(StepLine::of).toList());
        }
    }

    @Schema(description = "A workflow step of a summary; message is the error message of a failed step; the counts"
            + " are Spring Batch's (summed over a loop's partitions), null when the step did not run.")
    record StepLine(String name, String status, @JsonProperty("duration_ms") Long durationMs, String message,
            @JsonProperty("read_count") Long readCount, @JsonProperty("write_count") Long writeCount,
            @JsonProperty("skip_count") Long skipCount) {

        static StepLine of(RunSummary.StepLine s) {
            return new StepLine(s.name(), s.status(), s.durationMs(), s.message(), s.readCount(), s.writeCount(),
                    s.skipCount());
        }
    }

    @GetMapping("/{execution_id}/summary")
    @ProblemResponses(404)
    @Operation(operationId = "getExecutionSummary",
            summary = "The run summary the CLI prints: status, result, error and one line per step")
    Summary summary(@PathVariable("execution_id") String executionId) {
        return Summary.of(operations.show(ExecutionsController.id(executionId)));
    }
}
