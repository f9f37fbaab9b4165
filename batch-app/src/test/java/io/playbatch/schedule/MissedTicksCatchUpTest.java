package io.playbatch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.DatabaseRunTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code missed: all}: the ticks of a schedule between its installation and now, which nobody
 * fired, become one-shot Quartz triggers of the playbook's job carrying their nominal tick; fired
 * (here directly, as {@link ScheduledRunJob} would), each runs once, marked {@code fired_by: missed}.
 * Quartz itself firing triggers is covered by {@code ScheduleClusterTest}.
 */
@SpringBootTest
class MissedTicksCatchUpTest extends DatabaseRunTest {

    @Autowired
    ScheduleRepository schedules;

    @Autowired
    ScheduleFires fires;

    @Autowired
    ScheduleTriggers triggers;

    @Autowired
    ScheduleFiring firing;

    @Autowired
    Scheduler scheduler;

    @TempDir
    Path dir;

    @Test
    void everyMissedTickBecomesAQuartzTriggerAndRunsOnce() throws Exception {
        Path file = dir.resolve("catch_up.yaml");
        Files.writeString(file, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: catch_up, path: missed/catch_up }
                workflow:
                  - step: start
                schedules:
                  - { cron: "0 * * * * ?", missed: all, overlap: allow }
                """);
        // Far enough from a minute boundary that no tick comes between here and the catch-up.
        Deadline.await(Duration.ofSeconds(30), "a quiet moment in the minute",
                () -> Instant.now().atZone(java.time.ZoneOffset.UTC).getSecond() < 40);
        operations.register(file);
        String id = "missed/catch_up#0";
        // As if it had been installed five minutes ago, while no scheduler ran.
        Instant installed = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES).plusSeconds(1);
        jdbc.update("UPDATE schedule SET active_since = ? WHERE schedule_id = ?", Timestamp.from(installed), id);
        MissedTicks missedTicks = new MissedTicks(schedules, fires, triggers);

        assertThat(missedTicks.catchUp()).isEqualTo(5);
        List<Instant> expected = List.of(1, 2, 3, 4, 5).stream()
                .map(m -> installed.minusSeconds(1).plus(m, ChronoUnit.MINUTES)).toList();
        List<Instant> carried = new ArrayList<>();
        for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals("playbatch-missed"))) {
            Trigger trigger = scheduler.getTrigger(key);
            assertThat(trigger.getJobKey().getName()).isEqualTo("missed/catch_up");
            assertThat(trigger.getJobDataMap().getString(ScheduleTriggers.FIRED_BY)).isEqualTo("missed");
            carried.add(Instant.parse(trigger.getJobDataMap().getString(ScheduleTriggers.TICK_AT)));
        }
        assertThat(carried).containsExactlyInAnyOrderElementsOf(expected);

        for (Instant tick : carried) {
            assertThat(firing.fire(id, tick, "missed").outcome()).isEqualTo("started");
            assertThat(firing.fire(id, tick, "scheduler").outcome()).as("the trigger firing the same tick").isEqualTo("duplicate");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE event_type = 'execution_started'"
                + " AND context->>'schedule_id' = ? AND context->>'fired_by' = 'missed'", Integer.class, id)).isEqualTo(5);
        assertThat(missedTicks.missed(schedules.find(id).orElseThrow(), Instant.now())).as("nothing is missed twice")
                .doesNotContainAnyElementsOf(expected);
    }
}
