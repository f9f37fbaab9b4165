package io.playbatch.schedule;

import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.operate.OperationsService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The schedule verbs, one service for the CLI, the REST API and the web console: list, pause,
 * resume, backfill. Pause and resume change the trigger in Quartz's JDBC store, so they take effect
 * in every {@code serve} process sharing the database, whichever process asks.
 */
@Service
public class ScheduleService {

    /** Ticks one backfill fires at most; a wider range is refused (split it). */
    public static final int MAX_BACKFILL = 10_000;

    private final ScheduleRepository schedules;
    private final ScheduleFires fires;
    private final ScheduleTriggers triggers;
    private final ScheduleFiring firing;
    private final OperationsService operations;
    private final Duration poll;

    public ScheduleService(ScheduleRepository schedules, ScheduleFires fires, ScheduleTriggers triggers,
            ScheduleFiring firing, OperationsService operations,
            @Value("${playbatch.schedule.queue-poll:500ms}") Duration poll) {
        this.schedules = schedules;
        this.fires = fires;
        this.triggers = triggers;
        this.firing = firing;
        this.operations = operations;
        this.poll = poll;
    }

    /** Every schedule of every registered playbook, by playbook path and position. */
    public List<ScheduleView> list() {
        return schedules.list().stream().map(this::view).toList();
    }

    /** One schedule; {@link NoSuchScheduleException} when there is none. */
    public ScheduleView get(String scheduleId) {
        return view(schedule(scheduleId));
    }

    /** Stops the schedule's ticks from firing (in every process) until {@link #resume}; idempotent. */
    public ScheduleView pause(String scheduleId) {
        schedule(scheduleId);
        triggers.pause(scheduleId);
        return get(scheduleId);
    }

    /**
     * Lets the schedule fire again from its next tick; the ticks that passed while it was paused
     * are not "missed" (never caught up). Idempotent.
     */
    public ScheduleView resume(String scheduleId) {
        schedule(scheduleId);
        schedules.activateNow(scheduleId);
        triggers.resume(scheduleId);
        return get(scheduleId);
    }

    /**
     * Runs the schedule's playbook once for every nominal tick in [{@code from}, {@code to}], oldest
     * first, one after the other in the caller's process (each run is waited for, so the caller must
     * live until the end); with {@code onlyMissing}, ticks that already have a run are skipped.
     * {@code progress} is told about each tick as it is handled. The overlap policy does not apply.
     *
     * @throws IllegalArgumentException when the range is empty, reversed or over {@value #MAX_BACKFILL} ticks
     */
    public List<BackfillStep> backfill(String scheduleId, Instant from, Instant to, boolean onlyMissing,
            Consumer<BackfillStep> progress) throws InterruptedException {
        ScheduleRecord schedule = schedule(scheduleId);
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        List<Instant> ticks = schedule.ticks(from, to, MAX_BACKFILL + 1);
        if (ticks.size() > MAX_BACKFILL) {
            throw new IllegalArgumentException("[" + from + ", " + to + "] has more than " + MAX_BACKFILL
                    + " ticks of " + schedule.cron() + "; backfill a shorter range at a time");
        }
        List<BackfillStep> steps = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++) {
            Instant tick = ticks.get(i);
            BackfillStep step;
            if (onlyMissing && fires.hasRun(scheduleId, tick)) {
                step = new BackfillStep(i + 1, ticks.size(), tick, "present", null, null, null);
            } else {
                FireResult fired = firing.fire(scheduleId, tick, "backfill");
                String status = fired.executionId() == null ? null : awaitEnd(fired.executionId());
                step = new BackfillStep(i + 1, ticks.size(), tick, fired.outcome(), fired.executionId(), status,
                        fired.message());
            }
            steps.add(step);
            progress.accept(step);
        }
        return steps;
    }

    private String awaitEnd(long executionId) throws InterruptedException {
        while (true) {
            ExecutionRecord execution = operations.execution(executionId);
            if (!"STARTING".equals(execution.status()) && !"STARTED".equals(execution.status())) {
                return execution.status();
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private ScheduleRecord schedule(String scheduleId) {
        return schedules.find(scheduleId).orElseThrow(() -> new NoSuchScheduleException(scheduleId));
    }

    private ScheduleView view(ScheduleRecord s) {
        Optional<ScheduleFires.Fire> last = fires.latest(s.scheduleId());
        return new ScheduleView(s.scheduleId(), s.playbookPath(), s.cron(), s.quartzCron(), s.timezone(), s.missed(),
                s.overlap(), triggers.state(s.scheduleId()), triggers.nextFire(s.scheduleId()).orElse(null),
                last.map(ScheduleFires.Fire::tickAt).orElse(null), last.map(ScheduleFires.Fire::outcome).orElse(null),
                last.map(ScheduleFires.Fire::executionId).orElse(null));
    }

    /**
     * One tick of a backfill: its number out of {@code total}, the outcome ({@code present}: it
     * already had a run, skipped by {@code onlyMissing}; else a {@link FireResult} outcome), the
     * execution and the status it ended with.
     */
    public record BackfillStep(int number, int total, Instant tickAt, String outcome, Long executionId, String status,
            String message) {
    }
}
