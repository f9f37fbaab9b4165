package io.playbatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.playbatch.testsupport.ChildJvm;
import io.playbatch.testsupport.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server belongs to the data directory: a second user keeps it up, the last one stops it,
 * a killed postmaster is started again, an orphaned one adopted. A second instance in this JVM plays a
 * second process (its registration is a file of its own).
 */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    private Path freshCluster() {
        return FreshClusters.copyTo(dir.resolve("pgdata"));
    }

    @Test
    void anEarlyStartIsTheContextsOnceTakenAndStoppedWhenNeverTaken() throws Exception {
        Path data = freshCluster();
        EmbeddedPostgresServer taken;
        try (EarlyEmbeddedServer early = EarlyEmbeddedServer.begin(data)) {
            taken = early.take(data);
            assertThat(taken.startedServer()).isTrue();
        }
        assertThat(setting(taken, "fsync")).as("closing the start leaves a taken server to its owner").isEqualTo("on");
        long postmaster = Postmaster.read(taken.directory()).orElseThrow().pid();
        taken.close();
        assertThat(new Postmaster(postmaster, 0, "").alive()).as("the owner stopped it").isFalse();

        EarlyEmbeddedServer untaken = EarlyEmbeddedServer.begin(data);
        untaken.close();
        assertThat(new EmbeddedServerControl(data).status().postmaster())
                .as("a start no context took is stopped when it is closed").isEmpty();
        assertThat(new EmbeddedServerControl(data).status().users()).isEmpty();
    }

    @Test
    void theServerOutlivesTheProcessThatStartedItAndStopsWithItsLastUser() throws Exception {
        Path data = freshCluster();
        EmbeddedPostgresServer first = EmbeddedPostgresServer.startOrAttach(data);
        long postmaster;
        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.startOrAttach(data)) {
            assertThat(first.startedServer()).isTrue();
            assertThat(second.startedServer()).isFalse();
            assertThat(second.jdbcUrl()).isEqualTo(first.jdbcUrl());
            assertThat(setting(first, "fsync")).isEqualTo("on");
            assertThat(setting(first, "synchronous_commit")).isEqualTo("on");
            execute(first, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
            postmaster = Postmaster.read(first.directory()).orElseThrow().pid();
            assertThat(new EmbeddedServerControl(data).status().users()).hasSize(2);

            first.close();

            assertThat(count(second)).as("the starter left; the second user keeps the server").isEqualTo(42);
            assertThat(new EmbeddedServerControl(data).status().users()).hasSize(1);
        }
        assertThat(new Postmaster(postmaster, 0, "").alive()).as("the last user stopped it").isFalse();
        assertThat(new EmbeddedServerControl(data).status().postmaster()).isEmpty();

        // A stale lock file whose pid is no postmaster (a process that has exited) does not stop a start.
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Files.writeString(data.resolve("postmaster.pid"), exited.pid() + "\n" + data + "\n0\n5999\n\n\n\nready\n");

        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.startOrAttach(data)) {
            assertThat(restarted.startedServer()).isTrue();
            assertThat(restarted.port()).as("the port of the last start, still free").isEqualTo(first.port());
            assertThat(count(restarted)).isEqualTo(42);
        }
    }

    @Test
    void anotherProcessThatStartedTheServerMayExitUnderAUserAndAKilledUserDoesNotCount() throws Exception {
        Path data = freshCluster();
        Process starter = userProcess(data, "starter");
        try (EmbeddedPostgresServer user = EmbeddedPostgresServer.startOrAttach(data)) {
            assertThat(user.startedServer()).isFalse();
            execute(user, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (5)");

            starter.destroy(); // SIGTERM: closes its server object, as Ctrl-C on serve does
            assertThat(starter.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(count(user)).as("the starter exited; this user keeps the server").isEqualTo(5);

            Process killed = userProcess(data, "killed");
            assertThat(new EmbeddedServerControl(data).status().users()).contains(killed.pid());
            killed.destroyForcibly();
            assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new EmbeddedServerControl(data).status().users())
                    .as("the OS released the killed process's lock").containsExactly(ProcessHandle.current().pid());
        }
        assertThat(new EmbeddedServerControl(data).status().postmaster()).as("the last user stopped it").isEmpty();
    }

    /** A child JVM using the directory, once it has opened it. */
    private Process userProcess(Path data, String name) throws Exception {
        Path output = dir.resolve(name + ".out");
        List<String> command = ChildJvm.command("128m", DataDirectoryUserProcess.class);
        command.add(data.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        children.add(child);
        Deadline.await(Duration.ofSeconds(60), name + " to open the directory", () -> !child.isAlive() || opened(output));
        assertThat(child.isAlive()).as(Files.readString(output)).isTrue();
        return child;
    }

    private static boolean opened(Path output) {
        try {
            return Files.readString(output).contains("open ");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKilledPostmasterIsStartedAgainOnTheSamePort() throws Exception {
        Path data = freshCluster();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrAttach(data);
                HikariDataSource pool = pool(server)) {
            execute(server, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)");
            assertThat(pooledCount(pool)).isEqualTo(7);
            long killed = Postmaster.read(server.directory()).orElseThrow().pid();

            ProcessHandle.of(killed).orElseThrow().destroyForcibly();

            // A backend of the killed postmaster may answer once more before it notices: wait for the new one.
            Deadline.await(Duration.ofSeconds(60), "a new postmaster and a working query through the pool",
                    () -> Postmaster.read(server.directory()).filter(p -> p.pid() != killed && p.alive()).isPresent()
                            && pooledCount(pool) == 7);
            Postmaster restarted = Postmaster.read(server.directory()).orElseThrow();
            assertThat(restarted.pid()).isNotEqualTo(killed);
            assertThat(restarted.port()).isEqualTo(server.port());
        }
    }

    @Test
    void anOrphanedPostmasterIsAdoptedAndStoppedByItsLastUser() throws Exception {
        DataDirectory directory = DataDirectory.of(freshCluster());
        // What a killed `serve` leaves behind: a running postmaster and no live user.
        PostgresControl orphanStarter = new PostgresControl(directory);
        orphanStarter.initIfNeeded();
        int port = PostgresControl.port(java.util.Optional.empty());
        orphanStarter.start(port);
        long orphan = Postmaster.read(directory).orElseThrow().pid();

        try (EmbeddedPostgresServer adopting = EmbeddedPostgresServer.startOrAttach(directory.cluster())) {
            assertThat(adopting.startedServer()).isFalse();
            assertThat(adopting.port()).isEqualTo(port);
            assertThat(answers(adopting)).isTrue();
        }

        assertThat(Postmaster.read(directory)).isEmpty();
        assertThat(new Postmaster(orphan, 0, "").alive()).isFalse();
    }

    /** A pool as the application's: its connections to the killed server break, new ones reach the restarted one. */
    private static HikariDataSource pool(EmbeddedPostgresServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(server.user());
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(2_000);
        return new HikariDataSource(config);
    }

    private static int pooledCount(HikariDataSource pool) {
        try (Connection c = pool.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static boolean answers(EmbeddedPostgresServer server) {
        try (Connection c = connect(server); ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws Exception {
        try (Connection c = connect(server)) {
            c.createStatement().execute(sql);
        }
    }

    private static String setting(EmbeddedPostgresServer server, String name) throws Exception {
        try (Connection c = connect(server); ResultSet rs = c.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int count(EmbeddedPostgresServer server) throws Exception {
        try (Connection c = connect(server); ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
