package io.playbatch.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The files of an embedded PostgreSQL that belongs to a data directory rather than to one process
 * (docs/database.md, "The embedded server"). The cluster stays where it always was; next to it,
 * {@code <data-dir>.run/} holds what the processes sharing it coordinate through: {@code server.lock},
 * {@code users/}, {@code port}, the {@code kept} and {@code stopped} markers and {@code postgres.log}.
 * The run directory is a sibling, not a sub-directory, because {@code initdb} wants an empty directory
 * and the lock must be held before the cluster exists.
 * <p>
 * A value: reading and writing the small marker files is all it does; the locks and processes live in
 * {@link ServerLock}, {@link ServerUsers} and {@link PostgresControl}.
 *
 * @param cluster the PostgreSQL data directory (absolute, normalized)
 */
public record DataDirectory(Path cluster) {

    public DataDirectory {
        cluster = cluster.toAbsolutePath().normalize();
    }

    public static DataDirectory of(Path dataDir) {
        return new DataDirectory(dataDir);
    }

    /** {@code <data-dir>.run/}: where the sharing processes coordinate. */
    public Path runDirectory() {
        return cluster.resolveSibling(cluster.getFileName() + ".run");
    }

    /** Locked while a process starts, adopts, restarts or stops the server, so only one does at a time. */
    public Path serverLock() {
        return runDirectory().resolve("server.lock");
    }

    /** One file per process using the server, locked by it for its life. */
    public Path usersDirectory() {
        return runDirectory().resolve("users");
    }

    /** PostgreSQL's own lock file: pid, port and state of the live postmaster. */
    public Path postmasterPid() {
        return cluster.resolve("postmaster.pid");
    }

    /** The server's log ({@code pg_ctl -l}): start-up, crash recovery, shutdown. */
    public Path serverLog() {
        return runDirectory().resolve("postgres.log");
    }

    /** The port the server was last started on; a restart uses it again so that pools reconnect. */
    public Optional<Integer> port() {
        try {
            return readLine("port").map(Integer::valueOf);
        } catch (NumberFormatException e) {
            return Optional.empty(); // edited by hand: a new port is chosen
        }
    }

    public void writePort(int port) {
        write("port", Integer.toString(port));
    }

    /** {@code playbatch db start} was given: the last user leaving does not stop the server. */
    public boolean kept() {
        return Files.exists(runDirectory().resolve("kept"));
    }

    public void keep(boolean kept) {
        mark("kept", kept);
    }

    /**
     * {@code playbatch db stop --force} stopped the server under live users: their watchdogs must not
     * start it again. The next process that opens the directory clears it.
     */
    public boolean stopRequested() {
        return Files.exists(runDirectory().resolve("stopped"));
    }

    public void requestStop(boolean stopped) {
        mark("stopped", stopped);
    }

    void createRunDirectory() throws IOException {
        Files.createDirectories(usersDirectory());
    }

    private void mark(String name, boolean present) {
        if (present) {
            write(name, "");
        } else {
            try {
                Files.deleteIfExists(runDirectory().resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot remove " + runDirectory().resolve(name) + ": " + e.getMessage(), e);
            }
        }
    }

    private Optional<String> readLine(String name) {
        try {
            String text = Files.readString(runDirectory().resolve(name)).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Through a temporary file, so that a reader never sees half a value. */
    private void write(String name, String value) {
        try {
            createRunDirectory();
            Path temporary = Files.createTempFile(runDirectory(), name, ".tmp");
            Files.writeString(temporary, value);
            Files.move(temporary, runDirectory().resolve(name), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + runDirectory().resolve(name) + ": " + e.getMessage(), e);
        }
    }
}
