package io.playbatch.ledger;

import java.util.Map;

/**
 * The identity of an execution at the moment it is created; lineage fields are null when unset.
 * {@code labels} are the playbook's {@code metadata.labels} the execution ran with (never null).
 */
public record NewExecution(long executionId, long runId, String playbookPath, String playbookRevision,
        Long restartOf, Long replayOf, Long parentExecutionId, Long parentEventId, Map<String, String> labels) {

    public NewExecution {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** An execution of a playbook without labels. */
    public NewExecution(long executionId, long runId, String playbookPath, String playbookRevision,
            Long restartOf, Long replayOf, Long parentExecutionId, Long parentEventId) {
        this(executionId, runId, playbookPath, playbookRevision, restartOf, replayOf, parentExecutionId,
                parentEventId, Map.of());
    }
}
