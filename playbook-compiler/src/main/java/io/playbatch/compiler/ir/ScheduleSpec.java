package io.playbatch.compiler.ir;

/** One entry of {@code schedules}: a cron expression in a time zone, and the missed/overlap policies. */
public record ScheduleSpec(String cron, String timezone, String missed, String overlap) {
}
