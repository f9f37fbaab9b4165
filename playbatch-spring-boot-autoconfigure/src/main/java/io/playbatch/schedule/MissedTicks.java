package io.playbatch.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The {@code missed} policy: when a scheduler starts ({@code playbatch serve}), the ticks of each
 * active schedule since its last tick handled before that start (or since it was installed or
 * resumed) are missed; {@code none} drops them, {@code last} fires the latest once, {@code all} fires
 * each once, oldest first (at most {@value #MAX_CATCH_UP}). They fire through Quartz, and the tick
 * claim keeps a tick that another process fires meanwhile from running twice.
 */
@Component
@ConditionalOnProperty(name = "playbatch.scheduler.enabled", havingValue = "true")
public class MissedTicks {

    static final int MAX_CATCH_UP = 1000;
    private static final Logger log = LoggerFactory.getLogger(MissedTicks.class);

    private final ScheduleRepository schedules;
    private final ScheduleFires fires;
    private final ScheduleTriggers triggers;
    private final Clock clock;

    public MissedTicks(ScheduleRepository schedules, ScheduleFires fires, ScheduleTriggers triggers) {
        this.schedules = schedules;
        this.fires = fires;
        this.triggers = triggers;
        this.clock = Clock.systemUTC();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        catchUp();
    }

    /** Fires the missed ticks of every active schedule, as its policy says; returns how many were asked. */
    public int catchUp() {
        int asked = 0;
        for (ScheduleRecord schedule : schedules.list()) {
            List<Instant> missed = missed(schedule, clock.instant());
            for (Instant tick : missed) {
                triggers.fireMissed(schedule, tick);
            }
            if (!missed.isEmpty()) {
                log.info("Schedule {} (missed: {}) fires {} missed tick(s) from {}", schedule.scheduleId(),
                        schedule.missed(), missed.size(), missed.get(0));
            }
            asked += missed.size();
        }
        return asked;
    }

    /** The ticks of {@code schedule} to fire now for its {@code missed} policy. */
    List<Instant> missed(ScheduleRecord schedule, Instant now) {
        if ("none".equals(schedule.missed()) || "PAUSED".equals(triggers.state(schedule.scheduleId()))) {
            return List.of();
        }
        // Ticks this scheduler fired since it started do not count: a frequent schedule may fire
        // before the catch-up runs, and the ticks missed before it would then look handled.
        Instant started = triggers.runningSince().orElse(now);
        Instant after = fires.lastTick(schedule.scheduleId(), started).filter(t -> t.isAfter(schedule.activeSince()))
                .orElse(schedule.activeSince());
        if ("last".equals(schedule.missed())) {
            return schedule.lastTick(after.plusMillis(1), now).map(List::of).orElse(List.of());
        }
        return schedule.ticks(after.plusMillis(1), now, MAX_CATCH_UP);
    }
}
