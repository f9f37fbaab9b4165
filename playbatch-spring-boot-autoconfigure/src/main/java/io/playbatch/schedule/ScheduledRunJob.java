package io.playbatch.schedule;

import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;

/**
 * The Quartz job of a playbook's schedules: fires the nominal tick of the trigger that fired it
 * (the trigger's scheduled fire time, or the tick a catch-up trigger carries) through
 * {@link ScheduleFiring}. Created per fire by Spring's job factory. The job requests recovery: when
 * the process running it dies, another node of the cluster (or this one, restarted) fires it again
 * as recovering, for the original tick.
 */
public class ScheduledRunJob implements Job {

    private final ScheduleFiring firing;

    public ScheduledRunJob(ScheduleFiring firing) {
        this.firing = firing;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getMergedJobDataMap();
        String scheduleId = data.getString(ScheduleTriggers.SCHEDULE_ID);
        String tickAt = data.getString(ScheduleTriggers.TICK_AT);
        String firedBy = data.getString(ScheduleTriggers.FIRED_BY);
        Instant tick = tickAt != null ? Instant.parse(tickAt) : context.isRecovering()
                ? Instant.ofEpochMilli(Long.parseLong(data.getString(
                        Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)))
                : context.getScheduledFireTime().toInstant();
        try {
            firing.fire(scheduleId, tick, firedBy != null ? firedBy : "scheduler", context.isRecovering());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
