package io.playbatch.schedule;

import java.time.Instant;

/**
 * What one tick of a schedule did: {@code outcome} is {@code started} (with the execution id),
 * {@code skipped} (overlap: the previous run was still going, or another tick already waits),
 * {@code duplicate} (the tick was already claimed: nothing done) or {@code failed} (the run could
 * not start; {@code message} says why).
 */
public record FireResult(String scheduleId, Instant tickAt, String outcome, Long executionId, String message) {
}
