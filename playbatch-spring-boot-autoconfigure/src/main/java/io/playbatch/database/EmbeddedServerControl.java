package io.playbatch.database;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code playbatch db status | start | stop} does to the embedded PostgreSQL of a data directory,
 * without becoming one of its users (docs/cli.md, "db"). Start and stop hold {@link ServerLock}, so they
 * never race a process that is opening the directory.
 */
public final class EmbeddedServerControl {

    private static final Duration LOCK_WAIT = Duration.ofSeconds(90);

    private final DataDirectory directory;

    public EmbeddedServerControl(Path dataDir) {
        this.directory = DataDirectory.of(dataDir);
    }

    /**
     * The server as seen from outside.
     *
     * @param postmaster the live postmaster, empty when none runs
     * @param users the pids of the processes registered as users (alive ones only)
     * @param kept whether {@code db start} keeps it up after its last user
     */
    public record Status(DataDirectory directory, Optional<Postmaster> postmaster, List<Long> users, boolean kept) {
    }

    /** How {@link #stop(boolean)} ended. */
    public enum StopOutcome { STOPPED, NOT_RUNNING, REFUSED }

    /** A stop: its outcome, the postmaster it concerned and the users that were alive. */
    public record Stop(StopOutcome outcome, Optional<Postmaster> postmaster, List<Long> users) {
    }

    public DataDirectory directory() {
        return directory;
    }

    /** Reads the state without taking the lock (a start in progress shows as not running yet). */
    public Status status() {
        Optional<Postmaster> postmaster = Postmaster.read(directory).filter(Postmaster::alive);
        return new Status(directory, postmaster, new ServerUsers(directory).alive(false), directory.kept());
    }

    /** Starts (or adopts) the server and keeps it up until {@link #stop(boolean)}. */
    public Status startKept() {
        try (ServerLock lock = ServerLock.acquire(directory, LOCK_WAIT)) {
            directory.requestStop(false);
            PostgresControl control = new PostgresControl(directory);
            if (control.adoptable().isEmpty()) {
                control.startOnLastPort();
            }
            directory.keep(true);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("Cannot start the embedded PostgreSQL in " + directory.cluster() + ": "
                    + e.getMessage(), e);
        }
        return status();
    }

    /**
     * Stops the server unless processes use it; with {@code force}, stops it under them and tells their
     * watchdogs not to start it again. Ends {@code db start}'s keeping in any case but a refusal.
     */
    public Stop stop(boolean force) {
        try (ServerLock lock = ServerLock.acquire(directory, LOCK_WAIT)) {
            List<Long> users = new ServerUsers(directory).alive(true);
            Optional<Postmaster> postmaster = Postmaster.read(directory).filter(Postmaster::alive);
            if (!users.isEmpty() && !force) {
                return new Stop(StopOutcome.REFUSED, postmaster, users);
            }
            directory.keep(false);
            if (postmaster.isEmpty()) {
                return new Stop(StopOutcome.NOT_RUNNING, postmaster, users);
            }
            if (!users.isEmpty()) {
                directory.requestStop(true);
            }
            new PostgresControl(directory).stop();
            return new Stop(StopOutcome.STOPPED, postmaster, users);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("Cannot stop the embedded PostgreSQL of " + directory.cluster() + ": "
                    + e.getMessage(), e);
        }
    }
}
