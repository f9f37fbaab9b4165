package io.playbatch.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL that holds Playbatch's data in a directory, so runs survive a restart of
 * the application. When another process already serves that directory, this one connects to that
 * server instead of starting a second one on the same files (which PostgreSQL would refuse).
 * Closing stops the server only if this process started it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres owned;
    private final int port;

    private EmbeddedPostgresServer(EmbeddedPostgres owned, int port) {
        this.owned = owned;
        this.port = port;
    }

    /** Starts a server on {@code dataDir}, or attaches to the one another process runs there. */
    public static EmbeddedPostgresServer startOrAttach(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Optional<Integer> running = runningServerPort(dir);
        if (running.isPresent()) {
            log.info("Data directory {} is served by another process on port {}; connecting to it", dir, running.get());
            return new EmbeddedPostgresServer(null, running.get());
        }
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Stopped by whoever owns this object (the Spring context, after the workers and
                    // pools that use it), not by a JVM hook racing them at shutdown.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    // The library's defaults (fsync, full_page_writes and synchronous_commit off) suit
                    // throw-away test databases; this directory holds the operators' run history and
                    // the queue, so a commit must survive a crash of the machine.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            return new EmbeddedPostgresServer(postgres, postgres.getPort());
        } catch (IOException | RuntimeException e) {
            // Two processes may have raced for a fresh directory: the loser attaches to the winner.
            Optional<Integer> winner = runningServerPort(dir);
            if (winner.isPresent()) {
                return new EmbeddedPostgresServer(null, winner.get());
            }
            throw new DatabaseUnavailableException("Cannot start the embedded PostgreSQL in " + dir + ": "
                    + rootMessage(e) + ". Check that the directory is writable and not used by another program,"
                    + " or choose another one with --data-dir (PLAYBATCH_DATA_DIR), or use an external database"
                    + " with --db-url (PLAYBATCH_DB_URL).", e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String user() {
        return SUPERUSER;
    }

    public boolean ownsServer() {
        return owned != null;
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (IOException e) {
                log.warn("Could not stop the embedded PostgreSQL cleanly: {}", e.getMessage());
            }
        }
    }

    /**
     * PostgreSQL's own lock file names the live postmaster's pid (line 1) and port (line 4); a
     * stale file whose process is gone is ignored (PostgreSQL removes it on its next start).
     */
    private static Optional<Integer> runningServerPort(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(port) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
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
