package io.playbatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.playbatch.queue.EnqueueRequest;
import io.playbatch.queue.WorkQueue;
import io.playbatch.schedule.ScheduleService;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.testsupport.DatabaseRunTest;
import io.playbatch.testsupport.TestExecutions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The server's cluster gauges count what is in the database, whoever wrote it: queue rows and an
 * execution written here without this server's runtime (as a CLI process would), and the lateness
 * of each schedule that is not paused. No worker and no recovery run, so nothing moves the rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1", "playbatch.metrics.cluster-refresh=1h", "playbatch.worker.enabled=false",
        "playbatch.recovery.enabled=false"})
class ClusterGaugesTest extends DatabaseRunTest {

    @Autowired
    ClusterGauges gauges;

    @Autowired
    MeterRegistry meters;

    @Autowired
    WorkQueue queue;

    @Autowired
    ScheduleService schedules;

    @Test
    void queueDepthOldestReadyAgeRunningAndRecentExecutionsAreReadFromTheDatabase() {
        long execution = TestExecutions.insert(jdbc, "tests/elsewhere");
        long failed = TestExecutions.insert(jdbc, "tests/elsewhere");
        jdbc.update("UPDATE execution SET status = 'FAILED', started_at = now(), ended_at = now()"
                + " WHERE execution_id = ?", failed);
        queue.enqueue(List.of(request(execution, "a"), request(execution, "b"), request(execution, "c")));
        assertThat(queue.lease("test:worker", 1, Duration.ofMinutes(5))).hasSize(1);
        // Of the two rows still queued, one has waited 90 s and the other waits for a retry in an hour.
        jdbc.update("UPDATE queue SET available_at = now() - interval '90 seconds'"
                + " WHERE queue_id = (SELECT min(queue_id) FROM queue WHERE status = 'queued')");
        jdbc.update("UPDATE queue SET available_at = now() + interval '1 hour'"
                + " WHERE queue_id = (SELECT max(queue_id) FROM queue WHERE status = 'queued')");

        gauges.refresh();

        assertThat(depth("ready")).isEqualTo(1);
        assertThat(depth("delayed")).isEqualTo(1);
        assertThat(depth("leased")).isEqualTo(1);
        assertThat(meters.get("playbatch.queue.oldest.ready.age").gauge().value()).isBetween(90.0, 150.0);
        assertThat(meters.get("playbatch.executions.running").gauge().value()).isEqualTo(1);
        assertThat(meters.get("playbatch.executions.finished.recent").tags("playbook", "tests/elsewhere",
                "status", "FAILED").gauge().value()).isEqualTo(1);
        assertThat(meters.find("playbatch.executions.finished.recent").tag("status", "COMPLETED").gauge())
                .as("no series for what did not happen").isNull();
    }

    @Test
    void scheduleLatenessIsHowOverdueTheNextTickIsAndAPausedScheduleHasNoSeries() {
        operations.register(Path.of("../job-configs/examples/scheduled.yaml"));
        List<String> ids = jdbc.queryForList("SELECT schedule_id FROM schedule ORDER BY position", String.class);
        assertThat(ids).hasSize(2);
        // No scheduler runs in this test, so nothing fires the tick that is now two minutes overdue.
        jdbc.update("UPDATE qrtz_triggers SET next_fire_time = (extract(epoch FROM now()) * 1000)::bigint - 120000"
                + " WHERE trigger_name = ?", ids.get(1));
        schedules.pause(ids.get(0));

        gauges.refresh();

        assertThat(lateness(ids.get(1))).isNotNull();
        assertThat(lateness(ids.get(1)).value()).isCloseTo(120.0, within(30.0));
        assertThat(lateness(ids.get(0))).as("a paused schedule's series").isNull();

        schedules.resume(ids.get(0));
        gauges.refresh();

        assertThat(lateness(ids.get(0))).isNotNull();
        assertThat(lateness(ids.get(0)).value()).as("a schedule whose next tick is ahead").isZero();
    }

    private double depth(String state) {
        return meters.get("playbatch.queue.depth").tag("state", state).gauge().value();
    }

    private Gauge lateness(String scheduleId) {
        return meters.find("playbatch.schedule.lateness").tag("schedule", scheduleId).gauge();
    }

    private static EnqueueRequest request(long execution, String node) {
        return new EnqueueRequest(execution, node, node, null, new RenderedTask("noop", Map.of()), 1, null, 0, null);
    }
}
