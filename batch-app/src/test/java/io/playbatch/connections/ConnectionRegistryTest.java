package io.playbatch.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.playbatch.secrets.SecretResolver;
import io.playbatch.secrets.SecretUnavailableException;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The registry alone, on a DuckDB file: names, lazy measured pools, unknown names, secrets, shutdown. */
class ConnectionRegistryTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DataSource playbatch = new SimpleDriverDataSource();

    private ConnectionRegistry registry(Map<String, ConnectionSettings> settings, SecretResolver secrets) {
        return new ConnectionRegistry(settings, playbatch, secrets, meters);
    }

    private ConnectionSettings duckDb(String password) {
        return new ConnectionSettings("jdbc:duckdb:" + dir.resolve("w.duckdb"), null, password, 3, null);
    }

    @Test
    void defaultIsPlaybatchsOwnDatabaseAndNamesAreSorted() {
        try (ConnectionRegistry registry = registry(Map.of("warehouse", duckDb(null), "archive", duckDb(null)),
                SecretResolver.none())) {
            assertThat(registry.names()).containsExactly("default", "archive", "warehouse");
            assertThat(registry.connection("default").dataSource()).isSameAs(playbatch);
            assertThat(registry.connection(null).dataSource()).isSameAs(playbatch);
        }
    }

    @Test
    void aPoolIsOpenedOnFirstUseMeasuredAndClosedWithTheRegistry() {
        ConnectionRegistry registry = registry(Map.of("warehouse", duckDb(null)), SecretResolver.none());
        assertThat(meters.find("hikaricp.connections.max").tag("pool", "playbatch-warehouse").gauge())
                .as("no pool before a step uses the connection").isNull();

        NamedConnection warehouse = registry.connection("warehouse");
        Integer answer = new JdbcTemplate(warehouse.dataSource()).queryForObject("SELECT 42", Integer.class);

        assertThat(answer).isEqualTo(42);
        assertThat(registry.connection("warehouse")).isSameAs(warehouse);
        assertThat(meters.get("hikaricp.connections.max").tag("pool", "playbatch-warehouse").gauge().value())
                .isEqualTo(3.0);
        registry.close();
        assertThat(((HikariDataSource) warehouse.dataSource()).isClosed()).isTrue();
    }

    @Test
    void aReadOnlyConnectionRefusesWrites() {
        TestDatabase replica = TestDatabases.create();
        ConnectionSettings readOnly = new ConnectionSettings(replica.url(), replica.user(), replica.password(), 1, true);
        try (ConnectionRegistry registry = registry(Map.of("replica", readOnly), SecretResolver.none())) {
            JdbcTemplate jdbc = new JdbcTemplate(registry.connection("replica").dataSource());

            assertThat(jdbc.queryForObject("SELECT 1", Integer.class)).isOne();
            assertThatThrownBy(() -> jdbc.execute("CREATE TABLE t (id int)")).hasMessageContaining("read-only");
        }
    }

    @Test
    void anUnknownNameNamesTheConfiguredOnesAndTheProperty() {
        try (ConnectionRegistry registry = registry(Map.of("warehouse", duckDb(null)), SecretResolver.none())) {
            assertThatThrownBy(() -> registry.connection("wharehouse"))
                    .isInstanceOf(UnknownConnectionException.class)
                    .hasMessageContaining("unknown connection 'wharehouse'; the configured connections are default,"
                            + " warehouse")
                    .hasMessageContaining("playbatch.connections.wharehouse.url");
        }
    }

    @Test
    void aPasswordSecretIsResolvedWhenThePoolOpensAndAMissingOneFailsThen() {
        try (ConnectionRegistry missing = registry(Map.of("warehouse", duckDb("$secrets.dw_password")),
                SecretResolver.none())) {
            assertThatThrownBy(() -> missing.connection("warehouse")).isInstanceOf(SecretUnavailableException.class)
                    .hasMessageContaining("secret 'dw_password' has no value");
        }
        SecretResolver resolver = new SecretResolver(Map.of("PLAYBATCH_SECRET_DW_PASSWORD", "s3cret-value"), null);
        assertThat(duckDb("$secrets.dw_password").resolvedPassword(resolver)).isEqualTo("s3cret-value");
        assertThat(duckDb("literal-password").resolvedPassword(resolver)).isEqualTo("literal-password");
        assertThat(duckDb("$secrets.dw_password").toString()).doesNotContain("dw_password").contains("***");
    }
}
