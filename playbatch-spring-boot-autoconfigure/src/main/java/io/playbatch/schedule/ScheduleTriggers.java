package io.playbatch.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.stereotype.Component;

/**
 * The schedules' side in Quartz's clustered JDBC store: one durable job per playbook path
 * ({@link ScheduledRunJob}), one cron trigger per schedule named by its schedule id, all in group
 * {@value #GROUP}. Works from any process: the store is the database, so a CLI pause is seen by
 * every {@code serve} process. Missed ticks are Playbatch's business ({@link MissedTicks}), so
 * every trigger's misfire instruction is "do nothing". Thread-safe.
 */
@Component
public class ScheduleTriggers {

    static final String GROUP = "playbatch";
    static final String SCHEDULE_ID = "schedule_id";
    static final String TICK_AT = "tick_at";
    static final String FIRED_BY = "fired_by";

    private final Scheduler scheduler;

    public ScheduleTriggers(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Creates or updates the schedule's trigger; a paused trigger stays paused. */
    public void install(ScheduleRecord schedule) {
        try {
            JobKey job = JobKey.jobKey(schedule.playbookPath(), GROUP);
            if (!scheduler.checkExists(job)) {
                // requestRecovery: a firing cut off by its process's death is fired again (ScheduleFiring takes over).
                JobDetail detail = JobBuilder.newJob(ScheduledRunJob.class).withIdentity(job).storeDurably()
                        .requestRecovery().withDescription("runs of " + schedule.playbookPath()).build();
                try {
                    scheduler.addJob(detail, false);
                } catch (ObjectAlreadyExistsException anotherProcessAddedIt) {
                    // registered concurrently: the same job either way
                }
            }
            TriggerKey key = key(schedule.scheduleId());
            Trigger existing = scheduler.getTrigger(key);
            if (existing instanceof CronTrigger cron && cron.getCronExpression().equals(schedule.quartzCron())
                    && cron.getTimeZone().getID().equals(timeZone(schedule).getID())) {
                return;
            }
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(job)
                    .withDescription(schedule.cron() + " " + schedule.timezone())
                    .usingJobData(SCHEDULE_ID, schedule.scheduleId())
                    .withSchedule(CronScheduleBuilder.cronSchedule(schedule.quartzCron()).inTimeZone(timeZone(schedule))
                            .withMisfireHandlingInstructionDoNothing())
                    .build();
            if (existing == null) {
                scheduler.scheduleJob(trigger);
            } else {
                boolean paused = scheduler.getTriggerState(key) == Trigger.TriggerState.PAUSED;
                scheduler.rescheduleJob(key, trigger);
                if (paused) {
                    scheduler.pauseTrigger(key);
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot install schedule " + schedule.scheduleId() + " in Quartz: "
                    + e.getMessage(), e);
        }
    }

    public void remove(String scheduleId) {
        call(() -> scheduler.unscheduleJob(key(scheduleId)));
    }

    public void pause(String scheduleId) {
        call(() -> {
            scheduler.pauseTrigger(key(scheduleId));
            return null;
        });
    }

    public void resume(String scheduleId) {
        call(() -> {
            scheduler.resumeTrigger(key(scheduleId));
            return null;
        });
    }

    /** Quartz's state of the trigger: NORMAL, PAUSED, BLOCKED, ERROR, COMPLETE or NONE (no trigger). */
    public String state(String scheduleId) {
        return call(() -> scheduler.getTriggerState(key(scheduleId)).name());
    }

    /** Whether an operator paused the schedule ({@code playbatch schedule pause}). */
    public boolean paused(String scheduleId) {
        return "PAUSED".equals(state(scheduleId));
    }

    public Optional<Instant> nextFire(String scheduleId) {
        return call(() -> {
            Trigger trigger = scheduler.getTrigger(key(scheduleId));
            return Optional.ofNullable(trigger == null ? null : trigger.getNextFireTime()).map(Date::toInstant);
        });
    }

    /** When this process's scheduler started, if it runs ({@code serve}). */
    public Optional<Instant> runningSince() {
        return call(() -> Optional.ofNullable(scheduler.isStarted() ? scheduler.getMetaData().getRunningSince() : null)
                .map(Date::toInstant));
    }

    /**
     * Fires one missed tick through Quartz at once (on whichever node acquires it); the tick is
     * carried in the trigger's data. A second request for the same tick is ignored.
     */
    public void fireMissed(ScheduleRecord schedule, Instant tick) {
        TriggerKey key = TriggerKey.triggerKey(schedule.scheduleId() + "@" + tick.toEpochMilli(), GROUP + "-missed");
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key)
                .forJob(JobKey.jobKey(schedule.playbookPath(), GROUP))
                .usingJobData(SCHEDULE_ID, schedule.scheduleId()).usingJobData(TICK_AT, tick.toString())
                .usingJobData(FIRED_BY, "missed").startNow().build();
        call(() -> {
            try {
                return scheduler.scheduleJob(trigger);
            } catch (ObjectAlreadyExistsException anotherNodeAskedFirst) {
                return null;
            }
        });
    }

    static TriggerKey key(String scheduleId) {
        return TriggerKey.triggerKey(scheduleId, GROUP);
    }

    private static TimeZone timeZone(ScheduleRecord schedule) {
        return TimeZone.getTimeZone(ZoneId.of(schedule.timezone()));
    }

    private interface QuartzCall<T> {
        T call() throws SchedulerException;
    }

    private static <T> T call(QuartzCall<T> call) {
        try {
            return call.call();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not do it: " + e.getMessage(), e);
        }
    }
}
