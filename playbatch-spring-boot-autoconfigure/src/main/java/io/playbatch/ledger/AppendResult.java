package io.playbatch.ledger;

/**
 * The outcome of appending an event: its id, and whether an identical event (same key in one of
 * the partial unique indexes) already existed, in which case {@code eventId} is the existing one
 * and nothing was written.
 */
public record AppendResult(long eventId, boolean deduplicated) {
}
