package io.playbatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.SnapshotVerifier;
import io.playbatch.operate.OperationsService;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The beans tests that run playbooks read: the operations service, the ledger, the snapshot
 * verifier and plain JDBC. Subclasses keep their own {@code @SpringBootTest}; a subclass either
 * declares its own {@code @DynamicPropertySource} (a database of its own) or extends
 * {@link DatabaseRunTest} (a database per shared context).
 */
public abstract class PlaybookRunTest {

    @Autowired
    protected OperationsService operations;

    @Autowired
    protected EventLedger ledger;

    @Autowired
    protected SnapshotVerifier verifier;

    @Autowired
    protected JdbcTemplate jdbc;

    /**
     * The tables of the test database, Spring Batch's included, with a row whose text holds
     * {@code text}: empty when a value (a secret) was stored nowhere.
     */
    protected List<String> tablesHolding(String text) {
        List<String> tables = jdbc.queryForList("SELECT format('%I.%I', table_schema, table_name)"
                + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                + " AND table_schema NOT IN ('pg_catalog', 'information_schema')", String.class);
        assertThat(tables).as("the tables searched").anyMatch(t -> t.endsWith(".queue"))
                .anyMatch(t -> t.endsWith(".event")).anyMatch(t -> t.endsWith(".batch_step_execution"));
        return tables.stream().filter(table -> jdbc.queryForObject("SELECT count(*) FROM " + table
                + " t WHERE t::text LIKE ?", Integer.class, "%" + text + "%") > 0).toList();
    }
}
