package io.playbatch.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.playbatch.database.EmbeddedPostgresServer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fresh database for a peer of {@code ops/bench-compare}, on the same embedded server as
 * Playbatch's own (so the same PostgreSQL, the same durable-commit settings and the same disk),
 * reached through a pool as large as Playbatch's. Closing it closes the pool; the database stays,
 * in the benchmark's throw-away data directory.
 */
final class PeerDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;

    private PeerDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates database {@code name} on {@code server} through {@code admin} (a connection to any of
     * its databases) and opens a pool of {@code poolSize} connections to it.
     */
    static PeerDatabase create(EmbeddedPostgresServer server, JdbcTemplate admin, String name, int poolSize) {
        // CREATE DATABASE cannot run in a transaction: the template's connection is in auto-commit.
        admin.execute("CREATE DATABASE " + name);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + server.port() + "/" + name);
        config.setUsername(server.user());
        config.setPoolName("bench-" + name);
        config.setMaximumPoolSize(poolSize);
        return new PeerDatabase(new HikariDataSource(config));
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
