package io.playbatch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.catalog.Registration;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The schedule policies without waiting for a clock: ticks are fired directly through
 * {@link ScheduleFiring} (what the Quartz job does), runs are held open by a step that waits for a
 * file, and registration, missed ticks and backfill are checked against the database.
 */
@SpringBootTest
class SchedulePoliciesTest extends PlaybookRunTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
        registry.add("playbatch.schedule.queue-poll", () -> "50ms");
    }

    @Autowired
    ScheduleFiring firing;

    @Autowired
    ScheduleService schedules;

    @Autowired
    ScheduleRepository scheduleRows;

    @Autowired
    ScheduleFires fires;

    @Autowired
    ScheduleTriggers triggers;

    @Autowired
    org.quartz.Scheduler quartz;

    @TempDir
    Path dir;

    private final Instant t0 = Instant.parse("2026-01-05T06:00:00Z");

    /** A playbook whose runs wait until {@code release} exists; schedules #0 skip, #1 queue, #2 allow. */
    private Path holdingPlaybook(String name, Path release) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: %s, path: policies/%s }
                workflow:
                  - step: start
                    next: [ hold ]
                  - step: hold
                    type: command
                    args: { shell: true, argv: "while [ ! -e %s ]; do sleep 0.05; done" }
                schedules:
                  - { cron: "0 6 * * *", overlap: skip }
                  - { cron: "0 6 * * *", overlap: queue }
                  - { cron: "0 6 * * *", overlap: allow, missed: all }
                """.formatted(name, name, release));
        return file;
    }

    @Test
    void registeringTheSameContentAgainChangesNothingAndANewRevisionReplacesTheSchedules() throws Exception {
        Path file = holdingPlaybook("registered", dir.resolve("never"));
        Registration first = operations.register(file);
        assertThat(first.outcome()).isEqualTo("created");
        assertThat(first.playbook().scheduleCount()).isEqualTo(3);
        assertThat(operations.register(file).outcome()).isEqualTo("unchanged");
        assertThat(triggers.state("policies/registered#2")).isEqualTo("NORMAL");

        Files.writeString(file, Files.readString(file).replaceAll("(?s)  - \\{ cron: \"0 6 \\* \\* \\*\", overlap: queue.*", ""));
        Registration second = operations.register(file);
        assertThat(second.outcome()).isEqualTo("updated");
        assertThat(second.playbook().revision()).isNotEqualTo(first.playbook().revision());
        assertThat(second.playbook().scheduleCount()).isEqualTo(1);
        assertThat(triggers.state("policies/registered#2")).isEqualTo("NONE");
        assertThat(operations.playbooks()).extracting(p -> p.playbookPath()).contains("policies/registered");
    }

    @Test
    void aTickFiresOnceHoweverOftenItIsFired() throws Exception {
        Path release = dir.resolve("release-once");
        Files.createFile(release);
        operations.register(holdingPlaybook("once", release));
        FireResult first = firing.fire("policies/once#2", t0, "scheduler");
        FireResult again = firing.fire("policies/once#2", t0, "missed");
        assertThat(first.outcome()).isEqualTo("started");
        assertThat(again.outcome()).isEqualTo("duplicate");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE event_type = 'execution_started'"
                + " AND context->>'schedule_id' = 'policies/once#2' AND context->>'tick_at' = ?", Integer.class,
                t0.toString())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT context->>'via' FROM event WHERE event_type = 'execution_started'"
                + " AND execution_id = ?", String.class, first.executionId())).isEqualTo("schedule");
        awaitEnd(first.executionId());
    }

    @Test
    void aTickWhoseProcessDiedBeforeStartingItsRunIsTakenOverByQuartzRecoveryAndStartsOnce() throws Exception {
        Path release = dir.resolve("release-recover");
        Files.createFile(release);
        operations.register(holdingPlaybook("recover", release));
        assertThat(quartz.getJobDetail(JobKey.jobKey("policies/recover", ScheduleTriggers.GROUP)).requestsRecovery())
                .as("Quartz fires a firing cut off by its process's death again").isTrue();
        String schedule = "policies/recover#2";
        // A process claimed the tick and died (or stalled) before starting its run.
        long deadFire = fires.claim(schedule, t0, "scheduler", "dead-process").orElseThrow();

        assertThat(firing.fire(schedule, t0, "missed").outcome()).as("an ordinary second firing").isEqualTo("duplicate");
        FireResult recovered = firing.fire(schedule, t0, "scheduler", true);

        assertThat(recovered.outcome()).isEqualTo("started");
        assertThat(fires.begin(deadFire, "dead-process")).as("the old holder, should it wake up, cannot start it too")
                .isFalse();
        assertThat(firing.fire(schedule, t0, "scheduler", true).outcome()).as("a started tick is never taken over")
                .isEqualTo("duplicate");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE event_type = 'execution_started'"
                + " AND context->>'schedule_id' = ? AND context->>'tick_at' = ?", Integer.class, schedule,
                t0.toString())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT outcome || ' ' || execution_id FROM schedule_fire WHERE fire_id = ?",
                String.class, deadFire)).isEqualTo("started " + recovered.executionId());
        awaitEnd(recovered.executionId());
    }

    @Test
    void overlapSkipRecordsTheTickWithoutARun() throws Exception {
        Path release = dir.resolve("release-skip");
        operations.register(holdingPlaybook("skip", release));
        FireResult running = firing.fire("policies/skip#0", t0, "scheduler");
        FireResult skipped = firing.fire("policies/skip#0", t0.plus(1, ChronoUnit.DAYS), "scheduler");
        assertThat(running.outcome()).isEqualTo("started");
        assertThat(skipped.outcome()).isEqualTo("skipped");
        assertThat(skipped.message()).contains("execution " + running.executionId());
        Files.createFile(release);
        awaitEnd(running.executionId());
        FireResult next = firing.fire("policies/skip#0", t0.plus(2, ChronoUnit.DAYS), "scheduler");
        assertThat(next.outcome()).isEqualTo("started");
        // Ended before @TempDir deletes the release file: a run still holding then would hold for ever, and the
        // worker's stop at the context's close would wait a whole lease for it (30 s).
        awaitEnd(next.executionId());
    }

    @Test
    void overlapSkipStartsOneRunWhenSeveralTicksFireAtOnce() throws Exception {
        Path release = dir.resolve("release-burst");
        operations.register(holdingPlaybook("burst", release));
        // A catch-up of five missed ticks fires them on five scheduler threads at once.
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(5);
        List<CompletableFuture<FireResult>> burst = java.util.stream.IntStream.range(0, 5)
                .mapToObj(day -> CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return fire("policies/burst#0", t0.plus(day, ChronoUnit.DAYS));
                })).toList();
        List<FireResult> results = new ArrayList<>();
        for (CompletableFuture<FireResult> tick : burst) {
            results.add(tick.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }

        assertThat(results).extracting(FireResult::outcome).as("overlap: skip").containsOnly("started", "skipped")
                .filteredOn("started"::equals).hasSize(1);
        Files.createFile(release);
        awaitEnd(results.stream().filter(r -> r.executionId() != null).findFirst().orElseThrow().executionId());
    }

    @Test
    void pausingASchedulePassesOverTheTickWaitingBehindItsRun() throws Exception {
        Path release = dir.resolve("release-paused");
        operations.register(holdingPlaybook("paused", release));
        FireResult running = firing.fire("policies/paused#1", t0, "scheduler");
        CompletableFuture<FireResult> waiting = CompletableFuture.supplyAsync(
                () -> fire("policies/paused#1", t0.plus(1, ChronoUnit.DAYS)));
        Deadline.await(Duration.ofSeconds(20), "the second tick to wait", () -> jdbc.queryForObject(
                "SELECT count(*) FROM schedule_fire WHERE schedule_id = 'policies/paused#1' AND outcome = 'queued'",
                Integer.class) == 1);

        schedules.pause("policies/paused#1");
        FireResult passedOver = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(passedOver.outcome()).isEqualTo("skipped");
        assertThat(passedOver.message()).contains("is paused").contains("schedule resume policies/paused#1");
        Files.createFile(release);
        awaitEnd(running.executionId());
        schedules.resume("policies/paused#1");
    }

    @Test
    void overlapQueueRunsOneWaitingTickAfterThePreviousRunEnds() throws Exception {
        Path release = dir.resolve("release-queue");
        operations.register(holdingPlaybook("queue", release));
        FireResult running = firing.fire("policies/queue#1", t0, "scheduler");
        CompletableFuture<FireResult> waiting = CompletableFuture.supplyAsync(() -> fire("policies/queue#1", t0.plus(1, ChronoUnit.DAYS)));
        Deadline.await(Duration.ofSeconds(20), "the second tick to wait", () -> jdbc.queryForObject(
                "SELECT count(*) FROM schedule_fire WHERE schedule_id = 'policies/queue#1' AND outcome = 'queued'",
                Integer.class) == 1);
        FireResult third = firing.fire("policies/queue#1", t0.plus(2, ChronoUnit.DAYS), "scheduler");
        assertThat(third.outcome()).as("a third tick while one waits").isEqualTo("skipped");
        assertThat(waiting).isNotDone();

        Files.createFile(release);
        FireResult queued = waiting.get();
        assertThat(queued.outcome()).isEqualTo("started");
        Instant firstEnded = jdbc.queryForObject("SELECT ended_at FROM execution WHERE execution_id = ?",
                java.sql.Timestamp.class, running.executionId()).toInstant();
        Instant secondCreated = jdbc.queryForObject("SELECT created_at FROM execution WHERE execution_id = ?",
                java.sql.Timestamp.class, queued.executionId()).toInstant();
        assertThat(secondCreated).isAfterOrEqualTo(firstEnded);
        awaitEnd(queued.executionId());
    }

    @Test
    void overlapAllowRunsConcurrently() throws Exception {
        Path release = dir.resolve("release-allow");
        operations.register(holdingPlaybook("allow", release));
        FireResult first = firing.fire("policies/allow#2", t0, "scheduler");
        FireResult second = firing.fire("policies/allow#2", t0.plus(1, ChronoUnit.DAYS), "scheduler");
        assertThat(second.outcome()).isEqualTo("started");
        assertThat(operations.execution(first.executionId()).status()).isIn("STARTING", "STARTED");
        Files.createFile(release);
        awaitEnd(first.executionId());
        awaitEnd(second.executionId());
    }

    @Test
    void missedTicksFollowThePolicyFromTheLastHandledTick() throws Exception {
        operations.register(holdingPlaybook("missed", dir.resolve("never-missed")));
        ScheduleRecord all = scheduleRows.find("policies/missed#2").orElseThrow();
        // Three daily 06:00 ticks lie between activeSince and now, whatever the time of day the test runs at.
        ZonedDateTime since = all.activeSince().atZone(ZoneId.of(all.timezone()));
        ZonedDateTime firstTick = since.toLocalDate().atTime(6, 0).atZone(since.getZone());
        if (!firstTick.isAfter(since)) {
            firstTick = firstTick.plusDays(1);
        }
        Instant now = firstTick.plusDays(2).plusHours(1).toInstant();
        MissedTicks missedTicks = new MissedTicks(scheduleRows, fires, triggers);

        List<Instant> everyMissed = missedTicks.missed(all, now);
        assertThat(everyMissed).hasSize(3).isSorted();
        ScheduleRecord last = withMissed(all, "last");
        assertThat(missedTicks.missed(last, now)).containsExactly(everyMissed.get(2));
        assertThat(missedTicks.missed(withMissed(all, "none"), now)).isEmpty();

        // A tick handled since (fired, skipped or failed) moves the start of what was missed.
        fires.finish(fires.claim(all.scheduleId(), everyMissed.get(1), "scheduler", "test").orElseThrow(), "failed", null,
                "test");
        assertThat(missedTicks.missed(all, now)).containsExactly(everyMissed.get(2));

        triggers.pause(all.scheduleId());
        assertThat(missedTicks.missed(all, now)).as("a paused schedule misses nothing").isEmpty();
        schedules.resume(all.scheduleId());
        assertThat(scheduleRows.find(all.scheduleId()).orElseThrow().activeSince())
                .as("ticks before the resume are never missed").isAfter(all.activeSince());
    }

    @Test
    void backfillRunsEveryTickOnceOrOnlyTheMissingOnes() throws Exception {
        Path release = dir.resolve("release-backfill");
        Files.createFile(release);
        operations.register(holdingPlaybook("backfill", release));
        String id = "policies/backfill#0";
        FireResult scheduled = firing.fire(id, t0.plus(1, ChronoUnit.DAYS), "scheduler");
        awaitEnd(scheduled.executionId());

        List<ScheduleService.BackfillStep> progress = new ArrayList<>();
        List<ScheduleService.BackfillStep> missing = schedules.backfill(id, t0, t0.plus(2, ChronoUnit.DAYS), true,
                progress::add);
        assertThat(missing).extracting(ScheduleService.BackfillStep::outcome).containsExactly("started", "present", "started");
        assertThat(missing).extracting(ScheduleService.BackfillStep::status).containsExactly("COMPLETED", null, "COMPLETED");
        assertThat(progress).isEqualTo(missing);
        assertThat(missing.get(2).total()).isEqualTo(3);

        List<ScheduleService.BackfillStep> again = schedules.backfill(id, t0, t0.plus(2, ChronoUnit.DAYS), false, s -> { });
        assertThat(again).extracting(ScheduleService.BackfillStep::outcome).containsOnly("started");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM schedule_fire WHERE schedule_id = ? AND fired_by = 'backfill'",
                Integer.class, id)).isEqualTo(5);
    }

    private static ScheduleRecord withMissed(ScheduleRecord s, String missed) {
        return new ScheduleRecord(s.scheduleId(), s.playbookPath(), s.position(), s.cron(), s.quartzCron(), s.timezone(),
                missed, s.overlap(), s.activeSince());
    }

    private FireResult fire(String scheduleId, Instant tick) {
        try {
            return firing.fire(scheduleId, tick, "scheduler");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitEnd(long executionId) {
        Deadline.await(Duration.ofSeconds(60), "execution " + executionId + " to end",
                () -> !List.of("STARTING", "STARTED").contains(operations.execution(executionId).status()));
    }
}
