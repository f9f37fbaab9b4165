package io.playbatch.schedule;

import java.time.Instant;

/**
 * A schedule as {@code schedule list} (and the REST API and web console) show it: its definition,
 * Quartz's state of its trigger ({@code NORMAL}, {@code PAUSED}, ...), the next nominal tick, and
 * the latest fired tick with what became of it (nulls when it never fired).
 */
public record ScheduleView(String scheduleId, String playbookPath, String cron, String quartzCron, String timezone,
        String missed, String overlap, String state, Instant nextFireAt, Instant lastTickAt, String lastOutcome,
        Long lastExecutionId) {
}
