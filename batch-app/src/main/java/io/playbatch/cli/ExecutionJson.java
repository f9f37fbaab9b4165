package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.ledger.ExecutionRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of an execution that {@code stop} and {@code recover} print with {@code --json}; ids are decimal strings. */
final class ExecutionJson {

    private ExecutionJson() {
    }

    static Map<String, Object> of(ExecutionRecord execution) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("execution_id", IdCodec.format(execution.executionId()));
        document.put("run_id", IdCodec.format(execution.runId()));
        document.put("playbook", execution.playbookPath());
        document.put("status", execution.status());
        document.put("error", execution.error());
        return document;
    }
}
