package io.playbatch.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    /** The execution statuses (docs/state-machine.md), the only values {@code statuses} may hold. */
    public static final Set<String> STATUSES = Set.of("STARTING", "STARTED", "COMPLETED", "FAILED", "STOPPED",
            "ABANDONED");

    public ExecutionFilter {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        for (String status : statuses) {
            if (!STATUSES.contains(status)) {
                throw new InvalidFilterException("status", "'" + status + "' is not an execution status; use "
                        + "STARTING, STARTED, COMPLETED, FAILED, STOPPED or ABANDONED (several separated by commas)");
            }
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidFilterException("limit", "must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw new InvalidFilterException("offset", "must be 0 or more, not " + offset);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new InvalidFilterException("until", "must be after since (" + since + "), not " + until);
        }
    }

    /**
     * A filter from text as typed on a command line or in a query string: statuses case-insensitive,
     * each entry possibly a comma-separated list; since/until an ISO-8601 instant
     * ({@code 2026-11-25T10:00:00Z}) or a date ({@code 2026-11-25}, midnight UTC); labels
     * {@code key=value}. Blank values mean "no filter".
     *
     * @throws InvalidFilterException naming the field and how to write it
     */
    public static ExecutionFilter parse(String playbook, List<String> statuses, String since, String until,
            List<String> labels, int limit, int offset) {
        List<String> parsedStatuses = new ArrayList<>();
        for (String entry : statuses == null ? List.<String>of() : statuses) {
            for (String status : entry.split(",")) {
                if (!status.isBlank()) {
                    parsedStatuses.add(status.trim().toUpperCase(Locale.ROOT));
                }
            }
        }
        Map<String, String> parsedLabels = new LinkedHashMap<>();
        for (String label : labels == null ? List.<String>of() : labels) {
            int eq = label.indexOf('=');
            if (eq < 1) {
                throw new InvalidFilterException("label", "'" + label + "' is not key=value; write for example team=data");
            }
            parsedLabels.put(label.substring(0, eq).trim(), label.substring(eq + 1).trim());
        }
        return new ExecutionFilter(playbook == null || playbook.isBlank() ? null : playbook, parsedStatuses,
                instant("since", since), instant("until", until), parsedLabels, limit, offset);
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidFilterException(field, "'" + text + "' is not a time; write an ISO-8601 instant such as"
                    + " 2026-11-25T10:00:00Z (an offset like +01:00 is fine) or a date such as 2026-11-25 (midnight UTC)");
        }
    }

    /** Every execution, newest first, one page of {@code limit}. */
    public static ExecutionFilter all(int limit, int offset) {
        return new ExecutionFilter(null, List.of(), null, null, Map.of(), limit, offset);
    }
}
