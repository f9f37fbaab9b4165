package io.playbatch.ledger;

import java.util.Locale;
/**
 * The complete list of event types (docs/events.md). The database's
 * {@code event_type_ck} check constraint holds the same list; adding one is a contract change.
 */
public enum EventType {
    EXECUTION_STARTED, EXECUTION_COMPLETE, EXECUTION_ABANDONED, EXECUTION_RESUMED,
    STEP_STARTED, STEP_REUSED, STEP_COMPLETED, STEP_FAILED, STEP_SKIPPED,
    TRANSITION,
    TASK_ENQUEUED, TASK_LEASED, TASK_COMPLETED, TASK_FAILED, TASK_RETRY_SCHEDULED, LEASE_EXPIRED,
    LOOP_STARTED, LOOP_ITERATION, LOOP_ITERATION_COMPLETED, LOOP_ITERATION_FAILED, LOOP_COMPLETED,
    CHILD_EXECUTION_STARTED;

    /** The value stored in {@code event.event_type}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventType fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
