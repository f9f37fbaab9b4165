package io.playbatch.report;

import java.time.Instant;

/**
 * A bar of an execution's Gantt chart. {@code kind} is {@code step} (from its {@code step_started}
 * to its {@code step_completed}/{@code step_failed} event; {@code end} null while it runs; a reused
 * step is a zero-length bar at its {@code step_reused} event) or {@code partition} (a loop
 * partition: from its first {@code loop_iteration} to its last iteration result event, falling
 * back to Spring Batch's times). {@code name} is the step name, or the partition name for a partition.
 */
public record TimelineSpan(String kind, String step, String name, String status, Instant start, Instant end,
        Long durationMs) {
}
