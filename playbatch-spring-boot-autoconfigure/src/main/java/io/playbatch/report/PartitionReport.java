package io.playbatch.report;

import java.time.Instant;

/**
 * One Spring Batch partition of a loop step: its name ({@code range-FROM-TO}), the iteration
 * indexes it covers ({@code from} to {@code to}, both inclusive), status, counts (iterations done,
 * failed, skipped), Spring Batch's times and exit message.
 */
public record PartitionReport(String step, String name, Integer from, Integer to, String status, Long readCount,
        Long writeCount, Long skipCount, Instant startedAt, Instant endedAt, Long durationMs, String exitCode,
        String exitMessage) {
}
