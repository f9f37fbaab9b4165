package io.playbatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users of a data directory's server and the files that name them, without a server. */
class ServerUsersTest {

    @TempDir
    Path dir;

    @Test
    void theRunDirectoryIsASiblingOfTheCluster() {
        DataDirectory directory = DataDirectory.of(dir.resolve("pgdata"));

        assertThat(directory.runDirectory()).isEqualTo(dir.resolve("pgdata.run"));
        assertThat(directory.serverLock()).isEqualTo(dir.resolve("pgdata.run").resolve("server.lock"));
        assertThat(directory.postmasterPid()).isEqualTo(dir.resolve("pgdata").resolve("postmaster.pid"));
    }

    @Test
    void aRegisteredProcessIsAliveUntilItUnregisters() {
        DataDirectory directory = DataDirectory.of(dir.resolve("pgdata"));
        ServerUsers users = new ServerUsers(directory);

        try (ServerUsers.Registration registration = users.register()) {
            assertThat(users.alive(false)).containsExactly(ProcessHandle.current().pid());
        }

        assertThat(users.alive(false)).isEmpty();
        assertThat(directory.usersDirectory()).isEmptyDirectory();
    }

    @Test
    void theFileOfADeadProcessIsNotAUserAndIsPrunedOnlyWhenAsked() throws Exception {
        DataDirectory directory = DataDirectory.of(dir.resolve("pgdata"));
        directory.createRunDirectory();
        // What a killed process leaves: its file, whose lock the OS released.
        Path left = Files.createFile(directory.usersDirectory().resolve("4242-1700000000000-deadbeef"));
        Files.createFile(directory.usersDirectory().resolve("notes.txt"));
        ServerUsers users = new ServerUsers(directory);

        assertThat(users.alive(false)).isEmpty();
        assertThat(left).exists();
        assertThat(users.alive(true)).isEmpty();
        assertThat(left).doesNotExist();
        assertThat(directory.usersDirectory().resolve("notes.txt")).as("not a registration: left alone").exists();
    }

    @Test
    void markersAndPortAreReadBackAndAPortEditedByHandIsIgnored() throws Exception {
        DataDirectory directory = DataDirectory.of(dir.resolve("pgdata"));
        assertThat(directory.kept()).isFalse();
        assertThat(directory.port()).isEmpty();

        directory.keep(true);
        directory.writePort(5433);

        assertThat(directory.kept()).isTrue();
        assertThat(directory.port()).contains(5433);
        Files.writeString(directory.runDirectory().resolve("port"), "fifty");
        assertThat(directory.port()).isEmpty();
        directory.keep(false);
        assertThat(directory.kept()).isFalse();
    }

    @Test
    void aPidFileIsReadAndAPidFileOfAnExitedProcessIsNotAlive() throws Exception {
        DataDirectory directory = DataDirectory.of(dir.resolve("pgdata"));
        Files.createDirectories(directory.cluster());
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Files.writeString(directory.postmasterPid(), exited.pid() + "\n" + directory.cluster()
                + "\n1700000000\n5433\n\nlocalhost\n  1234   5678\nready   \n");

        Postmaster postmaster = Postmaster.read(directory).orElseThrow();

        assertThat(postmaster).isEqualTo(new Postmaster(exited.pid(), 5433, "ready"));
        assertThat(postmaster.alive()).isFalse();
        assertThat(new Postmaster(ProcessHandle.current().pid(), 5433, "ready").alive())
                .as("alive, but java, not postgres").isFalse();
    }
}
