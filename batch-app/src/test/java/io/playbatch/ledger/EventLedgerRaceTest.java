package io.playbatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.playbatch.json.JsonCodec;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestExecutions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Many threads appending the same unique event at the same instant leave exactly one row, all of
 * them get its id back, and none sees an exception (docs/events.md#deduplication).
 */
class EventLedgerRaceTest {

    private static final int THREADS = 12;

    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private EventLedger ledger;
    private SimpleMeterRegistry meters;
    private ExecutorService pool;
    private long executionId;

    @BeforeEach
    void ledger() {
        dataSource = pooled(TestDatabases.create().dataSource());
        jdbc = new JdbcTemplate(dataSource);
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
        JsonCodec json = new JsonCodec();
        meters = new SimpleMeterRegistry();
        ledger = new EventLedger(named, new JdbcTransactionManager(dataSource), new SnapshotProjector(named, json),
                json, meters);
        pool = Executors.newFixedThreadPool(THREADS);
        executionId = TestExecutions.insert(jdbc, "race");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void duplicateStepStartedIsDeduplicated() throws Exception {
        List<AppendResult> results = race(() -> ledger.append(NewEvent.of(executionId, EventType.STEP_STARTED)
                .node("fetch", "task").build()));
        assertSingleWinner(results, "step_started");
    }

    @Test
    void duplicateLoopIterationIsDeduplicated() throws Exception {
        List<AppendResult> results = race(() -> ledger.append(NewEvent.of(executionId, EventType.LOOP_ITERATION)
                .node("cities", "loop").nodeId("cities[7]").index(7).build()));
        assertSingleWinner(results, "loop_iteration");
    }

    @Test
    void duplicateExecutionCompleteIsDeduplicated() throws Exception {
        List<AppendResult> results = race(() -> ledger.append(NewEvent.of(executionId, EventType.EXECUTION_COMPLETE)
                .status("COMPLETED").build()));
        assertSingleWinner(results, "execution_complete");
        assertThat(jdbc.queryForObject("SELECT status FROM execution WHERE execution_id = ?", String.class,
                executionId)).isEqualTo("COMPLETED");
    }

    @Test
    void idsNearTheSignedSixtyFourBitLimitRoundTripUnchanged() {
        long execution = Long.MAX_VALUE - 1;
        jdbc.update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)"
                + " VALUES (?, 0, 'big', 'big')", Long.MAX_VALUE);
        jdbc.update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time)"
                + " VALUES (?, 0, ?, now())", execution, Long.MAX_VALUE);
        jdbc.update("INSERT INTO execution (execution_id, run_id, playbook_path, playbook_revision, status)"
                + " VALUES (?, ?, 'big', ?, 'STARTED')", execution, Long.MAX_VALUE,
                io.playbatch.testsupport.TestExecutions.revision(jdbc, "big"));
        jdbc.execute("ALTER TABLE event ALTER COLUMN event_id RESTART WITH 9223372036854775800");

        AppendResult started = ledger.append(NewEvent.of(execution, EventType.EXECUTION_STARTED).build());
        AppendResult step = ledger.append(NewEvent.of(execution, EventType.STEP_STARTED).node("s", "task")
                .parent(started.eventId()).build());

        assertThat(started.eventId()).isEqualTo(9223372036854775800L);
        List<StoredEvent> events = ledger.events(execution);
        assertThat(events).extracting(StoredEvent::executionId).containsOnly(execution);
        assertThat(events.get(1).eventId()).isEqualTo(step.eventId()).isEqualTo(9223372036854775801L);
        assertThat(events.get(1).parentEventId()).isEqualTo(9223372036854775800L);
        assertThat(ledger.causeOf(execution, "s")).contains(9223372036854775800L);
    }

    private void assertSingleWinner(List<AppendResult> results, String type) {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ? AND event_type = ?",
                Integer.class, executionId, type)).isOne();
        assertThat(results).extracting(AppendResult::eventId).containsOnly(results.get(0).eventId());
        assertThat(results).filteredOn(r -> !r.deduplicated()).hasSize(1);
        assertThat(meters.counter("playbatch.ledger.dedup").count()).isEqualTo(THREADS - 1);
    }

    /** Starts every thread at the same barrier; any exception fails the test through Future.get. */
    private List<AppendResult> race(Callable<AppendResult> append) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        List<Future<AppendResult>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                barrier.await(10, TimeUnit.SECONDS);
                return append.call();
            }));
        }
        List<AppendResult> results = new ArrayList<>();
        for (Future<AppendResult> future : futures) {
            results.add(future.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    private static DataSource pooled(DataSource plain) {
        com.zaxxer.hikari.HikariDataSource hikari = new com.zaxxer.hikari.HikariDataSource();
        hikari.setDataSource(plain);
        hikari.setMaximumPoolSize(THREADS + 2);
        return hikari;
    }
}
