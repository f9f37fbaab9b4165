package io.playbatch.chaos;

import io.playbatch.PlaybatchApplication;
import io.playbatch.testsupport.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One chaos experiment's world: a private data directory whose embedded PostgreSQL the child
 * Playbatch processes ({@code serve}, {@code run}, {@code register}) start and share, the counting
 * HTTP server their tasks call, and the faults: kill -9 or SIGTERM of a child, termination of every
 * Playbatch backend, a stop, restart or kill -9 of the postmaster. Children run the harness's own
 * class path with main class {@link PlaybatchApplication}, inherit no {@code PLAYBATCH_*} or
 * {@code BATCH_*} variable, and get short heartbeat, lease and stale-after settings so that a dead
 * process is noticed in seconds. Closing kills every child and the postmaster and deletes the
 * directory (unless {@code CHAOS_KEEP} is set). Not thread-safe: one experiment drives it.
 */
final class ChaosLab implements AutoCloseable {

    /** The harness's own connections carry this name, so that terminating "every Playbatch backend" spares them. */
    static final String APPLICATION_NAME = "playbatch-chaos";

    private final ChaosSettings settings;
    private final Path dir;
    private final Path dataDir;
    private final CountingHttpServer counter;
    private final List<Child> children = new ArrayList<>();
    private final List<Process> postmasters = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ChaosLab(ChaosSettings settings) {
        this.settings = settings;
        try {
            this.dir = Files.createTempDirectory("playbatch-chaos.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the chaos directory", e);
        }
        // initdb wants a directory of its own to create.
        this.dataDir = dir.resolve("pgdata");
        this.counter = new CountingHttpServer(settings.itemDelay());
    }

    CountingHttpServer counter() {
        return counter;
    }

    Path dir() {
        return dir;
    }

    /**
     * Writes a playbook {@code chaos/ID} ({@link #playbookId}) whose loop makes one request per item
     * to the counting server, keyed {@code ID-INDEX} (see {@link #keys}).
     */
    Path loopPlaybook(String name, int items) {
        String id = playbookId(name);
        String list = IntStream.range(0, items).mapToObj(Integer::toString).reduce((a, b) -> a + ", " + b).orElse("");
        String yaml = """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: %1$s
                  path: chaos/%1$s
                workload:
                  base_url: %2$s
                  tag: %1$s
                  items: [ %3$s ]
                workflow:
                  - step: start
                    next: [ hits ]
                  - step: hits
                    loop: { over: "$workload.items", as: item, mode: parallel, max_parallel: %4$d }
                    type: http
                    args: { method: POST, url: "${workload.base_url}/item/${workload.tag}-${item}" }
                    retry: { max_attempts: 5, backoff: { initial: 200ms, multiplier: 2, max: 2s } }
                    next: [ end ]
                  - step: end
                """.formatted(id, counter.baseUrl(), list, settings.maxParallel());
        Path file = dir.resolve(id + ".yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The counting server's keys of the loop of experiment {@code name} with {@code items} items. */
    static List<String> keys(String name, int items) {
        return IntStream.range(0, items).mapToObj(i -> playbookId(name) + "-" + i).toList();
    }

    /** An experiment's name as a playbook name (PB009: lower-case letters, digits and {@code _}). */
    static String playbookId(String name) {
        return name.replace('-', '_');
    }

    /** Starts {@code playbatch serve} on a free port and waits until it answers its health check. */
    Child serve(String... extraArgs) {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("serve", "--port", Integer.toString(port)));
        args.addAll(List.of(extraArgs));
        Child child = start(args);
        String health = "http://127.0.0.1:" + port + "/actuator/health";
        await(settings.startup(), "serve to answer " + health + " (log " + child.log() + ")", () -> {
            if (!child.process().isAlive()) {
                throw new IllegalStateException("serve exited with " + child.process().exitValue() + ": " + child.tail());
            }
            return get(health).map(r -> r.statusCode() == 200).orElse(false);
        });
        return child.withUrl("http://127.0.0.1:" + port);
    }

    /** Starts {@code playbatch run FILE}: the child manages the run in its own process. */
    Child run(Path playbook) {
        return start(List.of("run", playbook.toString()));
    }

    /** Runs a short command ({@code register FILE}) to its end; fails unless it exits 0. */
    void command(String... args) {
        Child child = start(List.of(args));
        try {
            if (!child.process().waitFor(settings.startup().toSeconds(), TimeUnit.SECONDS)
                    || child.process().exitValue() != 0) {
                throw new IllegalStateException("playbatch " + String.join(" ", args) + " failed: " + child.tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Child start(List<String> args) {
        Path log = dir.resolve("child-" + (children.size() + 1) + "-" + args.get(0) + ".log");
        List<String> jvmOptions = new ArrayList<>();
        String javaOpts = System.getenv("CHAOS_JAVA_OPTS");
        if (javaOpts != null && !javaOpts.isBlank()) {
            jvmOptions.addAll(List.of(javaOpts.trim().split("\\s+")));
        }
        childProperties().forEach((name, value) -> jvmOptions.add("-D" + name + "=" + value));
        List<String> command = ChildJvm.command("320m", jvmOptions, PlaybatchApplication.class);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PLAYBATCH_") || name.startsWith("BATCH_"));
        builder.environment().put("PLAYBATCH_DATA_DIR", dataDir.toString());
        try {
            Child child = new Child(args.get(0), builder.start(), log, null);
            children.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM: " + command, e);
        }
    }

    /** Short settings so that a dead manager or worker is noticed within seconds (docs/operations.md, docs/queue.md). */
    private Map<String, String> childProperties() {
        return Map.of(
                "playbatch.manager.heartbeat", "500ms",
                "playbatch.recovery.stale-after", settings.staleAfter().toMillis() + "ms",
                "playbatch.recovery.interval", "1s",
                "playbatch.worker.lease", "3s",
                "playbatch.worker.heartbeat", "1s",
                "playbatch.queue.poll-interval", "200ms",
                "playbatch.playbooks.roots", dir.toString());
    }

    /** A Playbatch child process. {@code url} is a serve's base URL, null for other commands. */
    record Child(String command, Process process, Path log, String url) {

        Child withUrl(String serverUrl) {
            return new Child(command, process, log, serverUrl);
        }

        long pid() {
            return process.pid();
        }

        /** The exit code, or null while it runs. */
        Integer exitCode() {
            return process.isAlive() ? null : process.exitValue();
        }

        /** The last lines of its output, for messages. */
        String tail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    /** kill -9: the process gets no chance to clean up. */
    void kill(Child child) {
        child.process().destroyForcibly();
        awaitExit(child.process().toHandle());
    }

    /** SIGTERM, as Ctrl-C or a service manager stops a process: its shutdown hooks run. Does not wait. */
    void terminate(Child child) {
        child.process().destroy();
    }

    // --- the embedded PostgreSQL of the data directory

    /** The live postmaster's pid, from PostgreSQL's own lock file {@code postmaster.pid} (line 1). */
    Optional<Long> postmasterPid() {
        return postmasterLine(0).map(Long::parseLong).filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false));
    }

    private Optional<String> postmasterLine(int index) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.size() > index ? Optional.of(lines.get(index).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private NamedParameterJdbcTemplate jdbc() {
        String port = postmasterLine(3).orElseThrow(() -> new IllegalStateException("no postmaster.pid in " + dataDir));
        return new NamedParameterJdbcTemplate(new DriverManagerDataSource(
                "jdbc:postgresql://localhost:" + port + "/postgres?ApplicationName=" + APPLICATION_NAME
                        + "&connectTimeout=5&socketTimeout=30", "postgres", ""));
    }

    /** Runs {@code query} on the data directory's database; empty when it cannot be reached. */
    <T> Optional<T> query(java.util.function.Function<NamedParameterJdbcTemplate, T> query) {
        if (postmasterPid().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(query.apply(jdbc()));
        } catch (DataAccessException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** The pids of every Playbatch backend ({@code pg_stat_activity}), the harness's own connections excepted. */
    List<Integer> playbatchBackends() {
        return query(jdbc -> jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'"
                + " AND pid <> pg_backend_pid() AND coalesce(application_name, '') <> :chaos",
                Map.of("chaos", APPLICATION_NAME), Integer.class)).orElse(List.of());
    }

    /** pg_terminate_backend of each of {@code pids}, as an administrator would; returns how many it terminated. */
    int terminateBackends(List<Integer> pids) {
        if (pids.isEmpty()) {
            return 0;
        }
        return query(jdbc -> jdbc.queryForObject("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                + " FROM unnest(CAST(:pids AS int[])) AS pid", Map.of("pids", pids.toArray(new Integer[0])),
                Integer.class)).orElse(0);
    }

    /** The embedded PostgreSQL's data directory, shared by every child of this lab. */
    Path dataDir() {
        return dataDir;
    }

    /**
     * Stops the postmaster with a fast shutdown (SIGINT: clients are disconnected, the server stops
     * cleanly) and returns its command line, read from {@code /proc} first, to start it again with
     * the same options and port.
     */
    List<String> stopPostmaster() {
        long pid = postmasterPid().orElseThrow(() -> new IllegalStateException("no live postmaster in " + dataDir));
        List<String> commandLine = commandLine(pid);
        signal(pid, "INT");
        awaitExit(ProcessHandle.of(pid).orElseThrow());
        return commandLine;
    }

    /** kill -9 of the postmaster: its backends notice and exit; its lock file and shared memory stay behind. */
    void killPostmaster() {
        long pid = postmasterPid().orElseThrow(() -> new IllegalStateException("no live postmaster in " + dataDir));
        signal(pid, "KILL");
        ProcessHandle.of(pid).ifPresent(ChaosLab::awaitExit);
    }

    /**
     * Starts the postmaster again with {@code commandLine} (as {@link #stopPostmaster} returned it),
     * unless a Playbatch process already did; waits until it accepts connections.
     */
    void startPostmaster(List<String> commandLine) {
        await(Duration.ofSeconds(60), "PostgreSQL to accept connections again", () -> {
            boolean ours = !postmasters.isEmpty() && postmasters.get(postmasters.size() - 1).isAlive();
            if (postmasterPid().isEmpty() && !ours) {
                // After a kill -9 the old backends may still hold the shared memory for a moment, and
                // PostgreSQL refuses to start until they are gone: start it again until it stays up.
                launchPostmaster(commandLine);
            }
            return query(jdbc -> jdbc.queryForObject("SELECT 1", Map.of(), Integer.class)).isPresent();
        });
    }

    private void launchPostmaster(List<String> commandLine) {
        try {
            Path log = dir.resolve("postmaster-" + (postmasters.size() + 1) + ".log");
            List<String> command = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                // PostgreSQL refuses to run as root; zonky, which started it first, runs it in a user
                // namespace of its own (unshare -U) where it is not root, and so does this restart.
                command.addAll(List.of("unshare", "-U"));
            }
            command.addAll(commandLine);
            postmasters.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + commandLine, e);
        }
    }

    /** The postmaster's command line; it is a child of another process, so {@code /proc} is the only place to read it. */
    List<String> commandLine(long pid) {
        try {
            String raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            return List.of(raw.split("\0"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the postmaster's command line (a Linux /proc is needed)", e);
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + signal + " to " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("process " + process.pid() + " did not exit within 60 s", e);
        }
    }

    // --- HTTP to a serve

    Optional<HttpResponse<String>> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build());
    }

    Optional<HttpResponse<String>> post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Returns as soon as {@code condition} holds, polling every 100 ms; fails with {@code what} after {@code within}. */
    static void await(Duration within, String what, BooleanSupplier condition) {
        if (!awaitOrTimeout(within, condition)) {
            throw new IllegalStateException("timed out after " + within.toSeconds() + " s waiting for " + what);
        }
    }

    /** As {@link #await}, but says whether the condition held instead of failing. */
    static boolean awaitOrTimeout(Duration within, BooleanSupplier condition) {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Child child : children) {
            child.process().destroyForcibly();
        }
        for (Child child : children) {
            awaitExitQuietly(child.process().toHandle());
        }
        // Whoever started it (a child now dead, or this harness), the postmaster outlives its parent: stop it.
        postmasterPid().ifPresent(pid -> {
            signal(pid, "INT");
            ProcessHandle.of(pid).ifPresent(ChaosLab::awaitExitQuietly);
        });
        postmasterPid().ifPresent(pid -> signal(pid, "KILL"));
        postmasters.forEach(Process::destroyForcibly);
        counter.close();
        if (System.getenv("CHAOS_KEEP") == null) {
            delete(dir);
        } else {
            System.err.println("chaos: kept " + dir);
        }
    }

    private static void awaitExitQuietly(ProcessHandle process) {
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Reported by the caller's own checks, if it matters; closing goes on.
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("chaos: could not delete " + root + ": " + e.getMessage());
        }
    }
}
