package io.playbatch.database;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's use of the embedded PostgreSQL of a data directory. The server belongs to the
 * directory, not to the process that happened to start it (docs/database.md, "The embedded server"):
 * opening starts it, or adopts the one already running there (also one whose starter died), and
 * registers this process as a user; closing unregisters and stops the server only when no other user
 * is alive and {@code playbatch db start} did not keep it. While open, a watchdog notices a dead
 * postmaster and starts it again on the same port, so connection pools reconnect to the same URL.
 * <p>
 * Thread-safe. One instance per data directory per JVM is the intended use; a second one works (the
 * tests use it to play a second process): each registration is a file of its own, and a JVM counts its
 * own files as alive without probing them ({@link ServerUsers}).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration LOCK_WAIT = Duration.ofSeconds(90);
    private static final Duration WATCH_PERIOD = Duration.ofSeconds(1);

    private final DataDirectory directory;
    private final PostgresControl control;
    private final int port;
    private final boolean started;
    private final ServerUsers.Registration registration;
    private final ScheduledExecutorService watchdog;
    private boolean closed;

    private EmbeddedPostgresServer(DataDirectory directory, PostgresControl control, int port, boolean started,
            ServerUsers.Registration registration) {
        this.directory = directory;
        this.control = control;
        this.port = port;
        this.started = started;
        this.registration = registration;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "playbatch-postgres-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.scheduleWithFixedDelay(this::watch, WATCH_PERIOD.toMillis(), WATCH_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts the server of {@code dataDir}, or adopts the one running there, and registers this process as a user. */
    public static EmbeddedPostgresServer startOrAttach(Path dataDir) {
        DataDirectory directory = DataDirectory.of(dataDir);
        PostgresControl control = new PostgresControl(directory);
        try (ServerLock lock = ServerLock.acquire(directory, LOCK_WAIT)) {
            // A process that wants the database starts it, whatever `db stop --force` asked of the watchdogs.
            directory.requestStop(false);
            Optional<Postmaster> running = control.adoptable();
            int port;
            if (running.isPresent()) {
                port = running.get().port();
                log.info("Data directory {} is served on port {} (postmaster {}); using it", directory.cluster(), port,
                        running.get().pid());
            } else {
                port = control.startOnLastPort();
                log.info("Started the embedded PostgreSQL of {} on port {}", directory.cluster(), port);
            }
            return new EmbeddedPostgresServer(directory, control, port, running.isEmpty(),
                    new ServerUsers(directory).register());
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatabaseUnavailableException unavailable) {
                throw unavailable;
            }
            throw new DatabaseUnavailableException("Cannot start the embedded PostgreSQL in " + directory.cluster() + ": "
                    + rootMessage(e) + ". Check that the directory is writable and not used by another program,"
                    + " or choose another one with --data-dir (PLAYBATCH_DATA_DIR), or use an external database"
                    + " with --db-url (PLAYBATCH_DB_URL).", e);
        }
    }

    /** The watchdog's turn: if the postmaster died, one user (the first to take the lock) starts it again. */
    private synchronized void watch() {
        if (closed || Postmaster.read(directory).map(Postmaster::alive).orElse(false) || directory.stopRequested()) {
            return;
        }
        try (ServerLock lock = ServerLock.acquire(directory, LOCK_WAIT)) {
            if (directory.stopRequested() || control.adoptable().isPresent()) {
                return; // stopped on purpose, or another user restarted it first
            }
            log.warn("The embedded PostgreSQL of {} is not running; starting it again on port {}", directory.cluster(),
                    port);
            control.initIfNeeded();
            control.start(port);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not restart the embedded PostgreSQL of {} (trying again in {} s): {}", directory.cluster(),
                    WATCH_PERIOD.toSeconds(), rootMessage(e));
        }
    }

    public String jdbcUrl() {
        return PostgresControl.jdbcUrl(port);
    }

    public String user() {
        return PostgresControl.SUPERUSER;
    }

    public int port() {
        return port;
    }

    /** Whether this process started the postmaster when it opened the directory (rather than adopting it). */
    public boolean startedServer() {
        return started;
    }

    public DataDirectory directory() {
        return directory;
    }

    @Override
    public void close() {
        synchronized (this) { // waits for a restart in progress, after which the watchdog does nothing more
            if (closed) {
                return;
            }
            closed = true;
        }
        watchdog.shutdownNow();
        try (ServerLock lock = ServerLock.acquire(directory, LOCK_WAIT)) {
            registration.close();
            var others = new ServerUsers(directory).alive(true);
            if (!others.isEmpty() || directory.kept()) {
                log.info("Leaving the embedded PostgreSQL of {} running ({})", directory.cluster(),
                        directory.kept() ? "kept by 'playbatch db start'" : "used by pid " + others);
                return;
            }
            if (Postmaster.read(directory).map(Postmaster::alive).orElse(false)) {
                control.stop();
                log.info("Stopped the embedded PostgreSQL of {} (last user)", directory.cluster());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not stop the embedded PostgreSQL of {} cleanly: {}", directory.cluster(), rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
