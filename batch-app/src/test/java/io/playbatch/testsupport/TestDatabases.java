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
 *
 * <p>{@link #create()} hands out databases that already have Playbatch's schema: on the embedded server,
 * copies ({@code CREATE DATABASE ... TEMPLATE}) of one database Liquibase migrated once per JVM. A
 * copy takes a quarter of a second where Liquibase takes one to four (more in a cold child JVM), and
 * the suite creates some fifty. The migration itself is still exercised: by the template, and by the
 * tests that take an {@link #empty()} database.
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabases() {
    }

    /** A new database (or schema) with Playbatch's schema applied, as {@code migrate} leaves it. */
    public static TestDatabase create() {
        if (external() != null) {
            return empty().migrated();
        }
        String name = newName();
        executeOnServer("CREATE DATABASE " + name + " TEMPLATE " + Embedded.MIGRATED_TEMPLATE);
        return onServer(name);
    }

    /** A new empty database (or schema), not migrated: for the tests of migration itself. */
    public static TestDatabase empty() {
        String name = newName();
        String external = external();
        if (external != null) {
            String user = System.getenv("PLAYBATCH_TEST_DB_USER");
            String password = System.getenv("PLAYBATCH_TEST_DB_PASSWORD");
            execute(external, user, password, "CREATE SCHEMA " + name);
            String url = external + (external.contains("?") ? "&" : "?") + "currentSchema=" + name;
            return new TestDatabase(url, user, password);
        }
        executeOnServer("CREATE DATABASE " + name);
        return onServer(name);
    }

    private static String external() {
        String external = System.getenv("PLAYBATCH_TEST_DB_URL");
        return external == null || external.isBlank() ? null : external;
    }

    private static String newName() {
        return "pbt_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    }

    private static TestDatabase onServer(String name) {
        return new TestDatabase(Embedded.SERVER.getJdbcUrl("postgres", name), "postgres", null);
    }

    private static void executeOnServer(String sql) {
        execute(Embedded.SERVER.getJdbcUrl("postgres", "postgres"), "postgres", null, sql);
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
        /**
         * Migrated on first use. Its migration's connections are closed when {@code update} returns
         * (a plain {@code DriverManagerDataSource}, no pool): PostgreSQL copies only a template nobody is connected to.
         */
        static final String MIGRATED_TEMPLATE = migratedTemplate();

        private static String migratedTemplate() {
            String name = newName();
            executeOnServer("CREATE DATABASE " + name);
            onServer(name).migrated();
            return name;
        }

        private static EmbeddedPostgres start() {
            try {
                return EmbeddedPostgres.builder().setServerConfig("max_connections", "500").start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start embedded PostgreSQL for the tests", e);
            }
        }
    }
}
