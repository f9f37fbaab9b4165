package io.playbatch.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.PlaybatchApplication;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.operate.OperationsService;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.PlaybookFiles;
import io.playbatch.testsupport.PlaybookProcess;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 6 acceptance 2: a process running a loop of many iterations is killed (kill -9) in the
 * middle; a new process recovers the execution on its own (FAILED, restartable) and a restart
 * completes the run. Every iteration whose completion was recorded before the kill ran exactly
 * once in total; only iterations in flight at the kill (leased, their side effect possibly
 * committed but their completion not recorded) may have run twice; every iteration completed
 * exactly once over the run's two executions.
 */
@Tag("slow")
class KilledManagerRecoveryTest {

    private static final int ITERATIONS = 300;

    @TempDir
    Path dir;

    @Test
    void aKilledLoopIsRecoveredAutomaticallyAndItsRestartRunsEachRecordedIterationExactlyOnce() throws Exception {
        TestDatabase database = TestDatabases.create();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        // The side effect of each iteration: one row per run of its task, no unique key to hide a second run.
        jdbc.execute("CREATE TABLE hit (idx int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())");
        Path playbook = PlaybookFiles.hitLoop(dir, "killed_loop", "hit", ITERATIONS, "");

        Path log = dir.resolve("child.log");
        Map<String, String> fast = PlaybookProcess.fastSettings();
        Process child = PlaybookProcess.start(database, playbook, log, fast);
        try {
            PlaybookProcess.awaitWhileAlive(child, log, Duration.ofSeconds(240), "the child to complete some iterations",
                    () -> doneRows(jdbc) >= 40);
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        long dead = jdbc.queryForObject("SELECT execution_id FROM execution", Long.class);
        // What the database recorded at the moment of the kill: nobody else touches the queue until the new process.
        Set<Integer> recordedDone = indexes(jdbc, dead, "done");
        Set<Integer> inFlight = indexes(jdbc, dead, "leased");
        assertThat(recordedDone).as("killed in the middle of the loop").hasSizeBetween(40, ITERATIONS - 1);
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                String.class, dead)).isEqualTo("STARTED");

        Map<String, Object> properties = new LinkedHashMap<>(database.springProperties());
        properties.putAll(fast);
        properties.put("playbatch.recovery.stale-after", "1500ms");
        properties.put("playbatch.recovery.interval", "300ms");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlaybatchApplication.class)
                .web(WebApplicationType.NONE).properties(properties).logStartupInfo(false).run()) {
            OperationsService operations = context.getBean(OperationsService.class);
            Deadline.await(Duration.ofSeconds(120), "automatic recovery of execution " + dead,
                    () -> "FAILED".equals(operations.execution(dead).status()));

            assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                    String.class, dead)).as("Spring Batch agrees").isEqualTo("FAILED");
            StoredEvent complete = operations.events(dead).stream()
                    .filter(e -> e.type() == EventType.EXECUTION_COMPLETE).collect(onlyOne());
            assertThat(complete.status()).isEqualTo("FAILED");
            assertThat(complete.context()).containsEntry("recovered", true).containsKey("reason");
            assertThat(operations.events(dead)).filteredOn(e -> e.type() == EventType.STEP_FAILED)
                    .singleElement().satisfies(e -> assertThat(e.nodeName()).isEqualTo("hits"));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ?"
                    + " AND status IN ('queued', 'leased')", Integer.class, dead)).as("no row left to run").isZero();
            assertThat(operations.verify(dead)).as("snapshots agree with the events").isEmpty();

            RunSummary restarted = operations.restart(dead);
            assertThat(restarted.status()).isEqualTo("COMPLETED");
            ExecutionRecord restart = operations.execution(restarted.executionId());
            assertThat(restart.restartOf()).isEqualTo(dead);
            assertThat(operations.verify(restart.executionId())).isEmpty();

            Map<Integer, Integer> runs = new java.util.HashMap<>();
            jdbc.query("SELECT idx, count(*) AS n FROM hit GROUP BY idx",
                    rs -> { runs.put(rs.getInt("idx"), rs.getInt("n")); });
            assertThat(runs.keySet()).as("every iteration ran").containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, ITERATIONS).boxed().toList());
            assertThat(recordedDone).as("an iteration whose completion was recorded before the kill ran exactly once")
                    .allSatisfy(i -> assertThat(runs.get(i)).as("runs of iteration " + i).isEqualTo(1));
            Set<Integer> twice = runs.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            assertThat(inFlight).as("only iterations in flight at the kill may run twice").containsAll(twice);
            assertThat(runs.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id IN (?, ?)"
                    + " AND node_name = 'hits' AND status = 'done'", Integer.class, dead, restart.executionId()))
                    .as("each iteration completed once over the run").isEqualTo(ITERATIONS);
            assertThat(jdbc.queryForObject("SELECT count(DISTINCT current_index) FROM queue WHERE execution_id IN"
                    + " (?, ?) AND node_name = 'hits' AND status = 'done'", Integer.class, dead, restart.executionId()))
                    .isEqualTo(ITERATIONS);
            List<?> data = (List<?>) ((Map<?, ?>) operations.events(restart.executionId()).stream()
                    .filter(e -> e.type() == EventType.STEP_COMPLETED && "hits".equals(e.nodeName()))
                    .collect(onlyOne()).result()).get("data");
            assertThat(data).hasSize(ITERATIONS);
            System.out.printf("killed manager test: %d iterations recorded done at the kill, %d in flight, %d ran twice%n",
                    recordedDone.size(), inFlight.size(), twice.size());
        }
    }

    private static int doneRows(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM queue WHERE node_name = 'hits' AND status = 'done'",
                Integer.class);
    }

    private static Set<Integer> indexes(JdbcTemplate jdbc, long executionId, String status) {
        return new HashSet<>(jdbc.queryForList("SELECT current_index FROM queue WHERE execution_id = ?"
                + " AND node_name = 'hits' AND status = ?", Integer.class, executionId, status));
    }

    private static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }
}
