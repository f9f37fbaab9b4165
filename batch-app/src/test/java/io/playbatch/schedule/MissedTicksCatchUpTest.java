package io.playbatch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code missed: all} with the scheduler running (as in {@code serve}): the ticks of a schedule
 * between its installation and now, which nobody fired, run once each through Quartz, marked
 * {@code fired_by: missed}.
 */
@SpringBootTest
class MissedTicksCatchUpTest extends PlaybookRunTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
        registry.add("playbatch.scheduler.enabled", () -> "true");
    }

    @Autowired
    MissedTicks missedTicks;

    @Autowired
    ScheduleTriggers triggers;

    @TempDir
    Path dir;

    @Test
    void everyMissedTickRunsOnceThroughQuartz() throws Exception {
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
        operations.register(file);
        String id = "missed/catch_up#0";
        // Far enough from a minute boundary that no tick comes between here and the catch-up.
        Deadline.await(Duration.ofSeconds(30), "a quiet moment in the minute",
                () -> Instant.now().atZone(java.time.ZoneOffset.UTC).getSecond() < 40);
        // As if it had been installed five minutes ago, while no scheduler ran.
        Instant installed = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES).plusSeconds(1);
        jdbc.update("UPDATE schedule SET active_since = ? WHERE schedule_id = ?", Timestamp.from(installed), id);

        assertThat(missedTicks.catchUp()).isEqualTo(5);
        List<Instant> expected = List.of(1, 2, 3, 4, 5).stream()
                .map(m -> installed.minusSeconds(1).plus(m, ChronoUnit.MINUTES)).toList();
        Deadline.await(Duration.ofSeconds(60), "the five missed ticks to run", () -> jdbc.queryForObject(
                "SELECT count(*) FROM schedule_fire WHERE schedule_id = ? AND fired_by = 'missed' AND outcome = 'started'",
                Integer.class, id) == 5);
        List<Instant> ran = jdbc.queryForList("SELECT tick_at FROM schedule_fire WHERE schedule_id = ?"
                + " AND fired_by = 'missed' ORDER BY tick_at", Timestamp.class, id).stream().map(Timestamp::toInstant).toList();
        assertThat(ran).isEqualTo(expected);
        assertThat(missedTicks.catchUp()).as("nothing is missed twice").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE event_type = 'execution_started'"
                + " AND context->>'schedule_id' = ? AND context->>'fired_by' = 'missed'", Integer.class, id)).isEqualTo(5);
    }
}
