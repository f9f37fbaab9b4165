package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.report.RunSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --json} form of a run summary (docs/cli.md); ids are decimal strings. */
final class SummaryJson {

    private SummaryJson() {
    }

    static Map<String, Object> of(RunSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("execution_id", IdCodec.format(summary.executionId()));
        json.put("run_id", IdCodec.format(summary.runId()));
        json.put("playbook", summary.playbook());
        json.put("status", summary.status());
        json.put("result", summary.result());
        json.put("error", summary.error());
        List<Map<String, Object>> steps = summary.steps().stream().map(step -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("name", step.name());
            line.put("status", step.status());
            line.put("duration_ms", step.durationMs());
            line.put("message", step.message());
            line.put("read_count", step.readCount());
            line.put("write_count", step.writeCount());
            line.put("skip_count", step.skipCount());
            return line;
        }).toList();
        json.put("steps", steps);
        return json;
    }
}
