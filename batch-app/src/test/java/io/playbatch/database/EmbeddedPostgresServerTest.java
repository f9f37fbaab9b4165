package io.playbatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @Test
    void secondUserOfADataDirectoryConnectsToTheRunningServerAndDataSurvivesARestart(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("pgdata");
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.startOrAttach(data)) {
            assertThat(first.ownsServer()).isTrue();
            assertThat(setting(first, "fsync")).isEqualTo("on");
            assertThat(setting(first, "synchronous_commit")).isEqualTo("on");
            execute(first, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");

            try (EmbeddedPostgresServer second = EmbeddedPostgresServer.startOrAttach(data)) {
                assertThat(second.ownsServer()).isFalse();
                assertThat(second.jdbcUrl()).isEqualTo(first.jdbcUrl());
                assertThat(count(second)).isEqualTo(42);
            }
            // Closing the attached one must not stop the owner's server.
            assertThat(count(first)).isEqualTo(42);
        }
        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.startOrAttach(data)) {
            assertThat(restarted.ownsServer()).isTrue();
            assertThat(count(restarted)).isEqualTo(42);
        }
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), "")) {
            c.createStatement().execute(sql);
        }
    }

    private static String setting(EmbeddedPostgresServer server, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
                ResultSet rs = c.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int count(EmbeddedPostgresServer server) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
                ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
