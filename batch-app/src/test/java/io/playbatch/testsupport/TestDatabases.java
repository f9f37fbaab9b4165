package io.playbatch.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh, isolated PostgreSQL databases for tests: on one embedded PostgreSQL per test JVM (a new
 * database each), or, when {@code PLAYBATCH_TEST_DB_URL} is set (with {@code PLAYBATCH_TEST_DB_USER}
 * and {@code PLAYBATCH_TEST_DB_PASSWORD}), on that external server (a new schema each). Never H2,
 * never a mock.
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabases() {
    }

    /** A new empty database (or schema), not migrated. */
    public static TestDatabase create() {
        String name = "pbt_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        String external = System.getenv("PLAYBATCH_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            String user = System.getenv("PLAYBATCH_TEST_DB_USER");
            String password = System.getenv("PLAYBATCH_TEST_DB_PASSWORD");
            execute(external, user, password, "CREATE SCHEMA " + name);
            String url = external + (external.contains("?") ? "&" : "?") + "currentSchema=" + name;
            return new TestDatabase(url, user, password);
        }
        EmbeddedPostgres server = Embedded.SERVER;
        execute(server.getJdbcUrl("postgres", "postgres"), "postgres", null, "CREATE DATABASE " + name);
        return new TestDatabase(server.getJdbcUrl("postgres", name), "postgres", null);
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare a test database at " + url + ": " + e.getMessage(), e);
        }
    }

    /** Started on first use, once per JVM; zonky's shutdown hook stops it. */
    private static final class Embedded {
        static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            try {
                return EmbeddedPostgres.builder().setServerConfig("max_connections", "500").start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start embedded PostgreSQL for the tests", e);
            }
        }
    }
}
