package io.playbatch.schedule;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.admission.StartAdmission;
import io.playbatch.operate.OperationsService;
import io.playbatch.operate.RunHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns one tick of a schedule into at most one run: claims the tick in {@code schedule_fire}
 * (a duplicate claim, from any process, is skipped and logged), applies the {@code overlap} policy
 * against the schedule's runs still going, then starts the playbook's registered revision through
 * the operations service with {@code via: schedule} and the schedule id and nominal tick in
 * {@code execution_started.context}. Quartz's recovery of a firing whose process died takes over
 * the tick if that process had not yet begun starting its run. Thread-safe.
 */
@Component
public class ScheduleFiring {

    private static final Logger log = LoggerFactory.getLogger(ScheduleFiring.class);

    private final ScheduleRepository schedules;
    private final ScheduleFires fires;
    private final ScheduleTriggers triggers;
    private final OperationsService operations;
    private final StartAdmission admission;
    private final Duration queuePoll;

    public ScheduleFiring(ScheduleRepository schedules, ScheduleFires fires, ScheduleTriggers triggers,
            OperationsService operations, StartAdmission admission, @Value("${playbatch.schedule.queue-poll:500ms}") Duration queuePoll) {
        this.triggers = triggers;
        this.schedules = schedules;
        this.fires = fires;
        this.operations = operations;
        this.admission = admission;
        this.queuePoll = queuePoll;
    }

    /**
     * Fires the tick. {@code firedBy} is {@code scheduler} (a Quartz trigger), {@code missed} (the
     * catch-up of ticks missed while down) or {@code backfill} (an operator; overlap is not applied
     * and the tick may run again).
     */
    public FireResult fire(String scheduleId, Instant tick, String firedBy) throws InterruptedException {
        return fire(scheduleId, tick, firedBy, false);
    }

    /**
     * {@link #fire(String, Instant, String)}; {@code recovering} when Quartz fires again a firing
     * whose process died (a clustered job store's recovery): a tick that process claimed, or queued
     * behind a running execution, without beginning to start its run is taken over; one it began to
     * start, or that ended, is not fired twice.
     */
    public FireResult fire(String scheduleId, Instant tick, String firedBy, boolean recovering)
            throws InterruptedException {
        Optional<ScheduleRecord> found = schedules.find(scheduleId);
        if (found.isEmpty()) {
            log.warn("Schedule {} no longer exists (its playbook was re-registered without it); tick {} ignored",
                    scheduleId, tick);
            return new FireResult(scheduleId, tick, "failed", null, "no such schedule");
        }
        ScheduleRecord schedule = found.get();
        String claimant = UUID.randomUUID().toString();
        Optional<Long> claimed = fires.claim(scheduleId, tick, firedBy, claimant);
        if (claimed.isEmpty() && recovering) {
            claimed = fires.takeOver(scheduleId, tick, claimant);
            claimed.ifPresent(id -> log.warn("Tick {} of schedule {} was claimed by a process that died before"
                    + " starting its run; this process takes it over", tick, scheduleId));
        }
        if (claimed.isEmpty()) {
            log.info("Tick {} of schedule {} was already fired (by another process or an earlier attempt); skipped",
                    tick, scheduleId);
            return new FireResult(scheduleId, tick, "duplicate", null, "already fired");
        }
        long fireId = claimed.get();
        // A catch-up tick of a schedule paused since: pausing stops every run the scheduler would start.
        if (!"backfill".equals(firedBy) && triggers.paused(scheduleId)) {
            return skippedBecausePaused(scheduleId, tick, fireId);
        }
        boolean begun;
        if ("backfill".equals(firedBy) || "allow".equals(schedule.overlap())) {
            begun = fires.begin(fireId, claimant);
        } else {
            ScheduleFires.Begin attempt = fires.beginUnlessRunning(scheduleId, fireId, claimant);
            if (attempt.runningWhat() != null) {
                if ("skip".equals(schedule.overlap()) || !fires.queue(fireId)) {
                    String why = "skip".equals(schedule.overlap())
                            ? "overlap: skip; " + attempt.runningWhat() + " of this schedule is still running"
                            : "overlap: queue; another tick already waits for " + attempt.runningWhat();
                    fires.finish(fireId, "skipped", null, why);
                    log.info("Tick {} of schedule {} skipped: {}", tick, scheduleId, why);
                    return new FireResult(scheduleId, tick, "skipped", null, why);
                }
                log.info("Tick {} of schedule {} waits for {} to end (overlap: queue)", tick, scheduleId,
                        attempt.runningWhat());
                do {
                    Thread.sleep(queuePoll.toMillis());
                    if (triggers.paused(scheduleId)) {
                        return skippedBecausePaused(scheduleId, tick, fireId);
                    }
                    attempt = fires.beginUnlessRunning(scheduleId, fireId, claimant);
                } while (attempt.runningWhat() != null);
            }
            begun = attempt.begun();
        }
        if (!begun) {
            // Only a recovery takes a tick over: this process was presumed dead (a long pause) while it waited.
            log.warn("Tick {} of schedule {} was taken over by another process while this one held it; not started"
                    + " here", tick, scheduleId);
            return new FireResult(scheduleId, tick, "duplicate", null, "taken over by another process");
        }
        try {
            PlaybookGraph graph = operations.registeredGraph(schedule.playbookPath());
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("schedule_id", scheduleId);
            audit.put("tick_at", tick.toString());
            audit.put("fired_by", firedBy);
            // Takes its turn with the other starts but is never refused: Quartz's threads already bound the
            // fires, and a refused tick would be a missed one.
            RunHandle run = admission.await(() -> operations.submit(graph, Map.of(), "schedule", audit));
            fires.finish(fireId, "started", run.executionId(), null);
            log.info("Tick {} of schedule {} started execution {}", tick, scheduleId, run.executionId());
            return new FireResult(scheduleId, tick, "started", run.executionId(), null);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            fires.finish(fireId, "failed", null, why);
            log.warn("Tick {} of schedule {} could not start a run: {}", tick, scheduleId, why);
            return new FireResult(scheduleId, tick, "failed", null, why);
        }
    }

    private FireResult skippedBecausePaused(String scheduleId, Instant tick, long fireId) {
        String why = "schedule " + scheduleId + " is paused; resume it with 'playbatch schedule resume " + scheduleId
                + "'";
        fires.finish(fireId, "skipped", null, why);
        log.info("Tick {} of schedule {} skipped: {}", tick, scheduleId, why);
        return new FireResult(scheduleId, tick, "skipped", null, why);
    }
}
