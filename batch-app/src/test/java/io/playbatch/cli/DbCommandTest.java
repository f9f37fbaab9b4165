package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.database.DataDirectory;
import io.playbatch.database.EmbeddedPostgresServer;
import io.playbatch.database.FreshClusters;
import io.playbatch.json.JsonCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code playbatch db status | start | stop}: what they print, what they refuse, their exit codes. */
class DbCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void statusOfADirectoryWithoutServerSaysSoAndCreatesNothing() {
        Path data = dir.resolve("never-used");

        assertThat(run("db", "status", "--data-dir", data.toString())).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains("data directory  " + data).contains("not running").contains("users           none");
        assertThat(data).doesNotExist();
        assertThat(DataDirectory.of(data).runDirectory()).doesNotExist();
    }

    @Test
    void anExternalDatabaseIsRefusedBeforeOrAfterTheVerbAndNothingIsStarted() {
        Path data = dir.resolve("not-started");

        assertThat(run("db", "start", "--data-dir", data.toString(), "--db-url", "jdbc:postgresql://db:5432/pb"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("playbatch db start: --db-url names an external PostgreSQL");
        assertThat(run("--db-url", "jdbc:postgresql://db:5432/pb", "db", "stop", "--data-dir", data.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(data).doesNotExist();
    }

    @Test
    void startKeepsTheServerAndStopIsRefusedWhileAProcessUsesIt() throws Exception {
        Path data = FreshClusters.copyTo(dir.resolve("pgdata"));

        assertThat(run("--data-dir", data.toString(), "db", "start")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("stays up until 'playbatch db stop'").contains("running, pid ");

        try (EmbeddedPostgresServer user = EmbeddedPostgresServer.startOrAttach(data)) {
            assertThat(user.startedServer()).as("db start's server is adopted").isFalse();
            assertThat(run("db", "status", "--json", "--data-dir", data.toString())).isEqualTo(ExitCodes.OK);
            Map<String, Object> status = new JsonCodec().readMap(out.toString());
            assertThat(status).containsEntry("running", true).containsEntry("kept", true)
                    .containsEntry("port", user.port());
            assertThat((java.util.List<?>) status.get("users")).hasSize(1);

            assertThat(run("db", "stop", "--data-dir", data.toString())).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).startsWith("playbatch db stop: 1 Playbatch process(es) use")
                    .contains("pid " + ProcessHandle.current().pid()).contains("--force");
            assertThat(answers(user)).as("a refused stop leaves the server up").isTrue();
        }

        assertThat(run("db", "status", "--data-dir", data.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).as("kept after its last user left").contains("running, pid ")
                .contains("kept            yes");

        assertThat(run("db", "stop", "--data-dir", data.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("Stopped the embedded PostgreSQL of " + data);
        assertThat(run("db", "status", "--data-dir", data.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("not running").contains("kept            no");
        assertThat(run("db", "stop", "--data-dir", data.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("is not running");
    }

    @Test
    void forceStopsUnderAUserWhoseWatchdogThenLeavesItDown() throws Exception {
        Path data = FreshClusters.copyTo(dir.resolve("pgdata"));
        try (EmbeddedPostgresServer user = EmbeddedPostgresServer.startOrAttach(data)) {
            assertThat(run("db", "stop", "--force", "--data-dir", data.toString())).as(err.toString())
                    .isEqualTo(ExitCodes.OK);

            assertThat(out.toString()).contains("1 process(es) lost their database (pid "
                    + ProcessHandle.current().pid() + ")");
            assertThat(answers(user)).isFalse();
            assertThat(user.directory().stopRequested()).as("the users' watchdogs leave it stopped").isTrue();
        }
        try (EmbeddedPostgresServer next = EmbeddedPostgresServer.startOrAttach(data)) {
            assertThat(next.startedServer()).as("the next process starts it again").isTrue();
            assertThat(next.directory().stopRequested()).isFalse();
        }
    }

    private static boolean answers(EmbeddedPostgresServer server) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), "")) {
            return c.createStatement().execute("SELECT 1");
        } catch (java.sql.SQLException e) {
            return false;
        }
    }
}
