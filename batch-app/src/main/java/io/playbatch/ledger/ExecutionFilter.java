package io.playbatch.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which executions to list and which page of them: every filter is optional (null or empty means
 * "any") and they combine with AND. {@code since} (inclusive) and {@code until} (exclusive) bound
 * {@code created_at}, which every execution has from its first moment (unlike {@code started_at}).
 * {@code labels} must all be present with those values in the execution's labels. The page is the
 * newest first (execution_id descending), {@code limit} rows after skipping {@code offset}.
 */
public record ExecutionFilter(String playbookPath, List<String> statuses, Instant since, Instant until,
        Map<String, String> labels, int limit, int offset) {

    /** The largest page a caller may ask for. */
    public static final int MAX_LIMIT = 500;

    public ExecutionFilter {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, not " + offset);
        }
    }

    /** Every execution, newest first, one page of {@code limit}. */
    public static ExecutionFilter all(int limit, int offset) {
        return new ExecutionFilter(null, List.of(), null, null, Map.of(), limit, offset);
    }
}
