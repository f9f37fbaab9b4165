package io.playbatch.testsupport;

import io.playbatch.PlaybatchApplication;
import io.playbatch.operate.OperationsService;
import io.playbatch.report.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A child JVM that runs one playbook against a test database until it finishes or the test kills
 * it: {@code <jdbc url> <user> <playbook file> [property=value]...}. {@link #start} launches it with
 * the test's class path and its output in a log file.
 */
public final class PlaybookProcess {

    private PlaybookProcess() {
    }

    public static void main(String[] args) throws Exception {
        run(args);
    }

    /**
     * Runs the playbook of {@code args} as {@link #main} does, with {@code initializers} applied to
     * the application context before it refreshes: how a test's own child main adds its hooks.
     */
    @SafeVarargs
    public static void run(String[] args, ApplicationContextInitializer<ConfigurableApplicationContext>... initializers)
            throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("playbatch.db.url", args[0]);
        properties.put("playbatch.db.user", args[1]);
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            properties.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlaybatchApplication.class)
                .web(WebApplicationType.NONE).properties(properties).initializers(initializers).logStartupInfo(false)
                .run()) {
            RunSummary run = context.getBean(OperationsService.class).start(Path.of(args[2]), Map.of());
            System.out.println("child run finished: " + run.status());
        }
    }

    /** Starts the child JVM on {@code database} running {@code playbook} with these Spring properties. */
    public static Process start(TestDatabase database, Path playbook, Path log, Map<String, String> properties)
            throws IOException {
        return start(PlaybookProcess.class, database, playbook, log, properties);
    }

    /** As {@link #start(TestDatabase, Path, Path, Map)}, with a main class of the test's that calls {@link #run}. */
    public static Process start(Class<?> mainClass, TestDatabase database, Path playbook, Path log,
            Map<String, String> properties) throws IOException {
        List<String> command = ChildJvm.command("384m", mainClass);
        command.addAll(List.of(database.url(), database.user(), playbook.toString()));
        properties.forEach((k, v) -> command.add(k + "=" + v));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Short leases, heartbeats and polls, so that a killed child's execution is dead (and recovered)
     * within seconds: what the tests that kill a manager give the child.
     */
    public static Map<String, String> fastSettings() {
        Map<String, String> fast = new LinkedHashMap<>();
        fast.put("playbatch.loop.partitions", "4");
        fast.put("playbatch.queue.poll-interval", "100ms");
        fast.put("playbatch.worker.lease", "2s");
        fast.put("playbatch.worker.heartbeat", "500ms");
        fast.put("playbatch.manager.heartbeat", "300ms");
        return fast;
    }

    /** Waits for {@code condition} while the child runs; fails with its log when it exits first. */
    public static void awaitWhileAlive(Process child, Path log, Duration within, String what,
            java.util.function.BooleanSupplier condition) {
        Deadline.await(within, what + " (log: " + log + ")", () -> {
            if (!child.isAlive()) {
                throw new AssertionError("the child exited early: " + read(log));
            }
            return condition.getAsBoolean();
        });
    }

    /** The child's log so far, for failure messages. */
    public static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
