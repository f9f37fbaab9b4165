package io.playbatch.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

class SchemaMigrationTest {

    private static final List<String> TABLES = List.of("batch_job_instance", "batch_job_execution",
            "batch_step_execution", "execution", "event", "queue", "workload", "workbook", "workflow", "transition",
            "qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers", "qrtz_locks", "playbook", "schedule", "schedule_fire");

    @Test
    void changelogAppliesRollsBackCompletelyAndAppliesAgain() {
        TestDatabase database = TestDatabases.empty();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        SchemaMigrator migrator = new SchemaMigrator(database.dataSource());

        migrator.update();
        assertThat(tables(jdbc)).containsAll(TABLES);
        int changesets = jdbc.queryForObject("SELECT count(*) FROM databasechangelog", Integer.class);
        assertThat(changesets).isGreaterThanOrEqualTo(7);

        migrator.rollback(changesets);
        assertThat(tables(jdbc)).doesNotContainAnyElementsOf(TABLES);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM databasechangelog", Integer.class)).isZero();
        assertThat(jdbc.queryForList("SELECT sequencename FROM pg_sequences", String.class))
                .doesNotContain("run_id_seq", "batch_job_execution_seq");

        migrator.update();
        assertThat(tables(jdbc)).containsAll(TABLES);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM databasechangelog", Integer.class)).isEqualTo(changesets);
    }

    @Test
    void applyingTwiceChangesNothing() {
        TestDatabase database = TestDatabases.empty();
        SchemaMigrator migrator = new SchemaMigrator(database.dataSource());
        migrator.update();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        int before = jdbc.queryForObject("SELECT count(*) FROM databasechangelog", Integer.class);
        migrator.update();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM databasechangelog", Integer.class)).isEqualTo(before);
    }

    @Test
    void aSchemaWithEveryChangesetRecordedIsCurrentAndOneMissingAChangesetIsNot() {
        TestDatabase database = TestDatabases.empty();
        SchemaMigrator migrator = new SchemaMigrator(database.dataSource());
        assertThat(migrator.current()).as("no databasechangelog yet").isFalse();
        migrator.update();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        assertThat(ChangelogInventory.changesets(SchemaMigrator.class.getClassLoader(), SchemaMigrator.MASTER_CHANGELOG))
                .as("the changesets read without Liquibase are the ones Liquibase applied")
                .containsExactlyInAnyOrderElementsOf(jdbc.queryForList(
                        "SELECT author || ':' || id FROM databasechangelog", String.class));
        assertThat(migrator.current()).isTrue();

        jdbc.update("DELETE FROM databasechangelog WHERE id = '011-execution-restart-claim'");
        assertThat(migrator.current()).isFalse();
    }

    @Test
    void anOutdatedSchemaIsNotSkippedButMigrated() {
        TestDatabase database = TestDatabases.empty();
        SchemaMigrator migrator = new SchemaMigrator(database.dataSource());
        migrator.update();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        int changesets = jdbc.queryForObject("SELECT count(*) FROM databasechangelog", Integer.class);
        migrator.rollback(1);
        assertThat(migrator.current()).as("one changeset behind").isFalse();

        migrator.update();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM databasechangelog", Integer.class)).isEqualTo(changesets);
        assertThat(migrator.current()).isTrue();
    }

    private static List<String> tables(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT lower(table_name) FROM information_schema.tables"
                + " WHERE table_schema = current_schema()", String.class);
    }

    /** Each attempt on a pool is a wait of its connection timeout (5 s): a second one only delays the same error. */
    @Test
    void aDatabaseThatGivesNoConnectionFailsAfterOneAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        AbstractDataSource unreachable = new AbstractDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                attempts.incrementAndGet();
                throw new SQLException("Connection to 127.0.0.1:9 refused", "08001");
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return getConnection();
            }
        };

        assertThatThrownBy(() -> new SchemaMigrator(unreachable).update()).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("Cannot connect to PostgreSQL").hasMessageContaining("127.0.0.1:9 refused");
        assertThat(attempts).as("connections asked for").hasValue(1);
    }
}
