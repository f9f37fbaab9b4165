package io.playbatch.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A playbook on three databases: a `sql` step and a chunk reader on a second PostgreSQL ({@code erp},
 * its password a secret reference), a chunk writer and a `save` on a DuckDB file
 * ({@code warehouse}), a `save` back on {@code erp}, a chunk reader paging the DuckDB file into
 * {@code default}; and a name no one configured failing its step
 * with the configured names.
 */
@SpringBootTest
class NamedConnectionsRunTest extends PlaybookRunTest {

    private static final TestDatabase ERP = TestDatabases.create();

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) throws IOException {
        TestDatabases.create().register(registry);
        // Not a @TempDir: the context, and so the DuckDB file, may outlive this class in Spring's context cache.
        Path work = Files.createTempDirectory("playbatch-connections");
        work.toFile().deleteOnExit();
        Path secrets = Files.writeString(work.resolve("secrets.properties"), "erp_password=not-checked-by-trust-auth\n");
        registry.add("playbatch.secrets.file", secrets::toString);
        registry.add("playbatch.connections.erp.url", ERP::url);
        registry.add("playbatch.connections.erp.user", ERP::user);
        registry.add("playbatch.connections.erp.password", () -> "$secrets.erp_password");
        registry.add("playbatch.connections.warehouse.url", () -> "jdbc:duckdb:" + work.resolve("warehouse.duckdb"));
        registry.add("playbatch.connections.warehouse.pool-size", () -> "2");
    }

    @Autowired
    ConnectionRegistry connections;

    @Autowired
    MeterRegistry meters;

    @TempDir
    Path dir;

    private RunSummary run(String name, String workload, String workflow) {
        try {
            Path file = Files.writeString(dir.resolve(name + ".yaml"), """
                    apiVersion: playbatch.io/v2
                    kind: Playbook
                    metadata: { name: %s }
                    workload: %s
                    workflow:
                      - step: start
                        next: [ first ]
                    %s
                      - step: end
                    """.formatted(name, workload, workflow.stripIndent().indent(2)));
            return operations.start(file, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sqlChunkAndSaveReachASecondPostgresqlAndADuckDbFile() {
        JdbcTemplate erp = new JdbcTemplate(ERP.dataSource());
        erp.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10, 2))");
        erp.execute("CREATE TABLE copy_log (read int, written int, skipped int, filtered int)");
        erp.execute("INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 23) g");
        jdbc.execute("CREATE TABLE labels (id bigint PRIMARY KEY, label text)");

        RunSummary run = run("three_databases", "{}", """
                - step: first
                  type: sql
                  args: { connection: warehouse, statement: "CREATE TABLE IF NOT EXISTS orders_copy (id BIGINT PRIMARY KEY, total DOUBLE, label VARCHAR); CREATE TABLE IF NOT EXISTS order_counts (n BIGINT)" }
                  next: [ count ]
                - step: count
                  type: sql
                  args: { connection: erp, query: "select count(*) as n from orders" }
                  save: { to: table, connection: warehouse, table: order_counts }
                  next: [ copy ]
                - step: copy
                  type: chunk
                  args:
                    reader: { type: sql, connection: erp, query: "select id, total from orders where id > :min", params: { min: 0 }, key: id }
                    processor: { type: map, fields: { id: "$item.id", total: "$item.total", label: "order-${item.id}" } }
                    writer: { type: sql, connection: warehouse, table: orders_copy, mode: upsert, key: id }
                    chunk_size: 5
                  save: { to: table, connection: erp, table: copy_log }
                  next: [ back ]
                - step: back
                  type: chunk
                  args:
                    reader: { type: sql, connection: warehouse, query: "select id, label from orders_copy", key: id }
                    writer: { type: sql, connection: default, table: labels }
                    chunk_size: 4
                  next: [ end ]
                """);

        assertThat(run.status()).as(run.steps().toString()).isEqualTo("COMPLETED");
        JdbcTemplate warehouse = new JdbcTemplate(connections.connection("warehouse").dataSource());
        assertThat(warehouse.queryForObject("SELECT count(*) FROM orders_copy", Long.class)).isEqualTo(23);
        assertThat(warehouse.queryForObject("SELECT count(DISTINCT id) FROM orders_copy", Long.class)).isEqualTo(23);
        assertThat(warehouse.queryForMap("SELECT total, label FROM orders_copy WHERE id = 7"))
                .containsEntry("total", 10.5).containsEntry("label", "order-7");
        assertThat(warehouse.queryForObject("SELECT n FROM order_counts", Long.class)).isEqualTo(23);
        assertThat(erp.queryForObject("SELECT written FROM copy_log", Integer.class)).isEqualTo(23);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM labels", Long.class))
                .as("a DuckDB reader pages to the end").isEqualTo(23);
        assertThat(jdbc.queryForObject("SELECT label FROM labels WHERE id = 23", String.class)).isEqualTo("order-23");
        assertThat(jdbc.queryForObject("SELECT read_count FROM batch_step_execution WHERE job_execution_id = ?"
                + " AND step_name = 'copy'", Long.class, run.executionId())).isEqualTo(23);
        assertThat(meters.find("hikaricp.connections.max").tag("pool", "playbatch-warehouse").gauge())
                .as("the warehouse pool is measured, bounded by its pool-size").isNotNull()
                .satisfies(g -> assertThat(g.value()).isEqualTo(2.0));
        assertThat(verifier.verify(run.executionId())).isEmpty();
    }

    @Test
    void aConnectionNoOneConfiguredFailsTheStepNamingTheConfiguredOnes() {
        RunSummary run = run("unknown_connection", "{ db: crm }", """
                - step: first
                  type: sql
                  args: { connection: "$workload.db", query: "select 1" }
                  next: [ end ]
                """);

        assertThat(run.status()).isEqualTo("FAILED");
        StoredEvent failed = ledger.events(run.executionId()).stream()
                .filter(e -> e.type() == EventType.STEP_FAILED && "first".equals(e.nodeName())).findFirst()
                .orElseThrow(() -> new AssertionError("no step_failed: " + run.steps()));
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) failed.error();
        assertThat(error).containsEntry("type", "bad_args")
                .hasEntrySatisfying("message", m -> assertThat(m.toString())
                        .contains("unknown connection 'crm'; the configured connections are default, erp, warehouse")
                        .contains("PLAYBATCH_CONNECTIONS_CRM_URL"));
    }
}
