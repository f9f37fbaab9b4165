package io.playbatch.compiler.ir;

/**
 * One entry of {@code schedules}: a cron expression in a time zone, and the missed/overlap
 * policies, as written (defaults filled in). The compiler has checked that {@code cron} is valid
 * (see {@link CronSyntax}) and {@code timezone} a known zone.
 */
public record ScheduleSpec(String cron, String timezone, String missed, String overlap) {

    /** The Quartz cron expression that runs this schedule (seconds first). */
    public String quartzCron() {
        return CronSyntax.toQuartz(cron);
    }
}
