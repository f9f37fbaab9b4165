package io.playbatch.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.connections.ConnectionRegistry;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.operate.OperationsService;
import io.playbatch.recovery.DeadExecutions;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.PlaybookFiles;
import io.playbatch.testsupport.PlaybookProcess;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 13 acceptance 1: the transaction contract of a chunk step writing to a connection other
 * than {@code default} (docs/chunk.md#transactions). A playbook reads a second PostgreSQL server
 * ({@code erp}), transforms each row, upserts it into a DuckDB file ({@code warehouse}) and saves a
 * summary to {@code default}. Its process dies in the middle of the chunk step, killed (kill -9) at
 * whatever chunk it had reached, or halted exactly after the DuckDB commit of a chunk and before
 * Spring Batch's commit of it ({@link ChunkHaltProcess}); the execution is recovered and restarted
 * here. The restart resumes after the last chunk Spring Batch committed, re-writes the chunk the
 * dead process had written but not committed, and the DuckDB table ends with every key exactly
 * once, transformed; each row carries the id of the execution that wrote it last, which shows what
 * was re-written.
 */
@Tag("slow")
@SpringBootTest(properties = {"playbatch.recovery.enabled=false", "playbatch.recovery.stale-after=1s"})
class ConnectionChunkRestartTest {

    private static final int ROWS = 1_000;
    private static final int CHUNK = 50;
    private static final String STEP = "load_customers";
    private static final TestDatabase DATABASE = TestDatabases.create();
    /** The "ERP": a PostgreSQL server of its own, as a company's source system would be. */
    private static final EmbeddedPostgres ERP_SERVER = startErp();
    private static final TestDatabase ERP = new TestDatabase(ERP_SERVER.getJdbcUrl("postgres", "postgres"),
            "postgres", null);
    // Not a @TempDir: the context, and so the warehouse's URL, may outlive this class in Spring's context cache.
    private static final Path WAREHOUSE = warehouseFile();

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
        connectionProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @BeforeAll
    static void erpCustomers() {
        JdbcTemplate erp = new JdbcTemplate(ERP.dataSource());
        erp.execute("CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL)");
        erp.execute("INSERT INTO customers SELECT g, 'name' || g FROM generate_series(1, " + ROWS + ") g");
        // A slow source (half a millisecond a row read), so that a kill falls mid-step. A filter, not a column:
        // PostgreSQL then still reads a page by the primary key and sleeps for that page's rows only.
        erp.execute("CREATE VIEW slow_customers AS SELECT id, name FROM customers WHERE pg_sleep(0.0005) IS NOT NULL");
        erp.execute("ANALYZE customers");
    }

    @AfterAll
    static void stopErp() throws IOException {
        ERP_SERVER.close();
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    OperationsService operations;

    @Autowired
    DeadExecutions deadExecutions;

    @Autowired
    ExecutionRepository executions;

    @Autowired
    EventLedger ledger;

    @Autowired
    ConnectionRegistry connections;

    @TempDir
    Path dir;

    @AfterEach
    void releaseWarehouse() {
        // A DuckDB file takes one writing process: the next test's child must be able to open it.
        connections.close();
    }

    @Test
    void killedMidStepAndRestartedUpsertsEveryKeyOnce() throws Exception {
        long began = System.nanoTime();
        Path playbook = copyPlaybook("killed", "slow_customers");
        Path log = dir.resolve("child.log");
        Process child = PlaybookProcess.start(DATABASE, playbook, log, childProperties(Map.of()));
        try {
            PlaybookProcess.awaitWhileAlive(child, log, Duration.ofSeconds(120), "the child to commit 5 chunks",
                    () -> commits() >= 5);
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        long dead = deadExecution();
        StepCounts atKill = counts(dead);
        assertThat(atKill.read()).as("killed mid-step").isBetween(5L * CHUNK, ROWS - 1L);
        // The warehouse is at most one chunk ahead of Spring Batch: written and committed there, not yet here.
        assertThat(warehouseRows("killed")).isBetween(atKill.read(), atKill.read() + CHUNK);

        long killedAt = System.nanoTime();
        RunSummary restarted = recoverAndRestart(dead);

        assertRestartResumedAfter(atKill, dead, restarted, "killed");
        System.out.printf("connection chunk restart test: killed after %d rows in %.1f s, recovered and restarted in"
                + " %.1f s%n", atKill.read(), (killedAt - began) / 1e9, (System.nanoTime() - killedAt) / 1e9);
    }

    @Test
    void haltedBetweenTheDuckDbCommitAndSpringBatchsRewritesThatChunk() throws Exception {
        long began = System.nanoTime();
        int haltAfter = 3;
        Path playbook = copyPlaybook("halted", "customers");
        Path log = dir.resolve("child.log");
        Process child = PlaybookProcess.start(ChunkHaltProcess.class, DATABASE, playbook, log,
                childProperties(Map.of(ChunkHaltProcess.HALT_AFTER_CHUNK, String.valueOf(haltAfter))));
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child halts (log: " + log + ")").isTrue();
        assertThat(child.exitValue()).as(PlaybookProcess.read(log)).isEqualTo(ChunkHaltProcess.HALT_STATUS);
        assertThat(PlaybookProcess.read(log))
                .contains("halting after the write of chunk " + haltAfter + " of step " + STEP);
        long dead = deadExecution();
        StepCounts atHalt = counts(dead);
        assertThat(atHalt.read()).as("Spring Batch committed the chunks before the halted one")
                .isEqualTo((haltAfter - 1L) * CHUNK);
        assertThat(atHalt.written()).isEqualTo((haltAfter - 1L) * CHUNK);
        assertThat(atHalt.commits()).isEqualTo(haltAfter - 1L);
        JdbcTemplate warehouse = warehouse();
        assertThat(warehouse.queryForObject("SELECT count(*) FROM halted WHERE written_by = ?", Long.class, dead))
                .as("DuckDB committed the halted chunk too").isEqualTo(haltAfter * (long) CHUNK);
        long haltedAt = System.nanoTime();

        RunSummary restarted = recoverAndRestart(dead);
        System.out.printf("connection chunk halt test: halted in %.1f s, recovered and restarted in %.1f s%n",
                (haltedAt - began) / 1e9, (System.nanoTime() - haltedAt) / 1e9);

        assertRestartResumedAfter(atHalt, dead, restarted, "halted");
        assertThat(warehouse().queryForObject("SELECT count(*) FROM halted WHERE written_by = ? AND id BETWEEN ? AND ?",
                Long.class, restarted.executionId(), (haltAfter - 1L) * CHUNK + 1, haltAfter * (long) CHUNK))
                .as("the restart re-wrote the halted chunk").isEqualTo(CHUNK);
    }

    /**
     * What both tests prove after the restart: the warehouse has every key once, transformed; the
     * keys Spring Batch had committed before the death were written by the dead execution and not
     * again, every later key (the re-written chunk included) by the restart; the restart read and
     * wrote only the rest, and its counts are the same in Spring Batch's metadata, the ledger and
     * the chunk step's save; the summary on {@code default} counts every key.
     */
    private void assertRestartResumedAfter(StepCounts before, long dead, RunSummary restarted, String table) {
        assertThat(restarted.status()).as(restarted.steps().toString()).isEqualTo("COMPLETED");
        assertThat(executions.find(restarted.executionId()).orElseThrow().restartOf()).isEqualTo(dead);
        JdbcTemplate warehouse = warehouse();
        assertThat(warehouse.queryForObject("SELECT count(*) FROM " + table, Long.class)).isEqualTo(ROWS);
        assertThat(warehouse.queryForObject("SELECT count(DISTINCT id) FROM " + table + " WHERE id BETWEEN 1 AND "
                + ROWS, Long.class)).isEqualTo(ROWS);
        assertThat(warehouse.queryForObject("SELECT count(*) FROM " + table + " WHERE label <> 'customer name'"
                + " || CAST(id AS VARCHAR)", Long.class)).as("every row transformed").isZero();
        assertThat(warehouse.queryForObject("SELECT count(*) FROM " + table + " WHERE written_by = ? AND id <= ?",
                Long.class, dead, before.read())).as("committed keys not written again").isEqualTo(before.read());
        assertThat(warehouse.queryForObject("SELECT count(*) FROM " + table + " WHERE written_by = ? AND id > ?",
                Long.class, restarted.executionId(), before.read())).isEqualTo(ROWS - before.read());

        long rest = ROWS - before.read();
        StepCounts after = counts(restarted.executionId());
        assertThat(after.read()).as("resumed, not started over").isEqualTo(rest);
        assertThat(after.written()).isEqualTo(rest);
        assertThat(before.written() + after.written()).as("the run's write count: each key once").isEqualTo(ROWS);
        assertThat(after.commits()).as("a commit per chunk").isEqualTo(rest / CHUNK);
        StoredEvent completed = ledger.events(restarted.executionId()).stream()
                .filter(e -> e.type() == EventType.STEP_COMPLETED && STEP.equals(e.nodeName())).findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) ((Map<?, ?>) completed.result()).get("data");
        assertThat(data).containsEntry("read", (int) rest).containsEntry("written", (int) rest);
        assertThat(ledger.events(dead)).filteredOn(e -> e.type() == EventType.STEP_FAILED)
                .singleElement().satisfies(e -> assertThat(e.nodeName()).isEqualTo(STEP));
        assertThat(operations.verify(dead)).isEmpty();
        assertThat(jdbc.queryForList("SELECT read, written FROM " + table + "_log"))
                .containsExactly(Map.of("read", (int) rest, "written", (int) rest));
        assertThat(jdbc.queryForMap("SELECT keys, distinct_keys, last_key FROM " + table + "_summary"))
                .containsEntry("keys", (long) ROWS).containsEntry("distinct_keys", (long) ROWS)
                .containsEntry("last_key", (long) ROWS);
        assertThat(operations.verify(restarted.executionId())).isEmpty();
    }

    /**
     * A playbook copying {@code source} from {@code erp} into the DuckDB table {@code table}, which
     * it creates first; each row's {@code written_by} is the execution that wrote it.
     */
    private Path copyPlaybook(String table, String source) throws IOException {
        JdbcTemplate warehouse = warehouse();
        warehouse.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, label VARCHAR NOT NULL,"
                + " written_by BIGINT NOT NULL)");
        connections.close();
        jdbc.execute("CREATE TABLE " + table + "_log (read int, written int, skipped int, filtered int)");
        jdbc.execute("CREATE TABLE " + table + "_summary (keys bigint, distinct_keys bigint, last_key bigint)");
        return PlaybookFiles.write(dir, table, """
                workflow:
                  - step: start
                    next: [ %4$s ]
                  - step: %4$s
                    type: chunk
                    args:
                      reader: { type: sql, connection: erp, query: "select id, name from %2$s", key: id }
                      processor:
                        type: map
                        fields: { id: "$item.id", label: "customer ${item.name}", written_by: "$execution.id" }
                      writer: { type: sql, connection: warehouse, table: %1$s, mode: upsert, key: id }
                      chunk_size: %3$d
                    save: { to: table, connection: default, table: %1$s_log }
                    next: [ summary ]
                  - step: summary
                    type: sql
                    args:
                      connection: warehouse
                      query: "select count(*) as keys, count(distinct id) as distinct_keys, max(id) as last_key from %1$s"
                    save: { to: table, connection: default, table: %1$s_summary }
                    next: [ end ]
                  - step: end
                """.formatted(table, source, CHUNK, STEP));
    }

    /** Marks the dead process's execution FAILED (the operator's {@code playbatch recover}) and restarts it. */
    private RunSummary recoverAndRestart(long dead) throws Exception {
        Deadline.await(Duration.ofSeconds(10), "the dead manager's heartbeat to go stale",
                () -> executions.manager(dead).orElseThrow().ageMs() > 1_000);
        assertThat(deadExecutions.recover(dead).status()).isEqualTo("FAILED");
        return operations.restart(dead);
    }

    private long deadExecution() {
        return jdbc.queryForObject("SELECT job_execution_id FROM batch_job_execution WHERE status = 'STARTED'",
                Long.class);
    }

    private long commits() {
        List<Long> counts = jdbc.queryForList("SELECT commit_count FROM batch_step_execution WHERE step_name = ?"
                + " AND status = 'STARTED'", Long.class, STEP);
        return counts.isEmpty() ? 0 : counts.get(0);
    }

    private StepCounts counts(long executionId) {
        return jdbc.queryForObject("SELECT read_count, write_count, commit_count FROM batch_step_execution"
                + " WHERE job_execution_id = ? AND step_name = ?", (rs, i) -> new StepCounts(
                        rs.getLong("read_count"), rs.getLong("write_count"), rs.getLong("commit_count")),
                executionId, STEP);
    }

    private long warehouseRows(String table) {
        return warehouse().queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    /** The DuckDB file through this process's pool; only while no child runs, as DuckDB allows one writer. */
    private JdbcTemplate warehouse() {
        return new JdbcTemplate(connections.connection("warehouse").dataSource());
    }

    private static Map<String, String> childProperties(Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>(connectionProperties());
        // The chunk step runs in the manager; the summary, a queued sql task, runs only after the restart.
        properties.put("playbatch.worker.enabled", "false");
        properties.put("playbatch.manager.heartbeat", "300ms");
        // This test's context migrated the database already.
        properties.put("playbatch.db.migrate-on-start", "false");
        properties.putAll(extra);
        return properties;
    }

    private static Map<String, String> connectionProperties() {
        return Map.of("playbatch.connections.erp.url", ERP.url(), "playbatch.connections.erp.user", ERP.user(),
                "playbatch.connections.warehouse.url", "jdbc:duckdb:" + WAREHOUSE);
    }

    private static EmbeddedPostgres startErp() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the second embedded PostgreSQL", e);
        }
    }

    private static Path warehouseFile() {
        try {
            Path work = Files.createTempDirectory("playbatch-warehouse");
            work.toFile().deleteOnExit();
            return work.resolve("warehouse.duckdb");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record StepCounts(long read, long written, long commits) {
    }
}
