package io.playbatch.testsupport;

import io.playbatch.PlaybatchApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code playbatch} command in a child JVM with an environment of the test's choosing: the only
 * way to test environment variables. The child has the test's class path and main class
 * {@link PlaybatchApplication}; it inherits no {@code PLAYBATCH_*} or {@code BATCH_*} variable of the
 * test's own environment, only those given. Its output goes to files under {@code dir}.
 */
public final class CliProcess {

    private final Path dir;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private int runs;

    public CliProcess(Path dir) {
        this.dir = dir;
    }

    /** Sets a variable of the child's environment; returns this. */
    public CliProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The environment variables that point the child at {@code database} (PLAYBATCH_DB_URL, _USER, _PASSWORD). */
    public CliProcess database(TestDatabase database) {
        env("PLAYBATCH_DB_URL", database.url());
        env("PLAYBATCH_DB_USER", database.user());
        if (database.password() != null) {
            env("PLAYBATCH_DB_PASSWORD", database.password());
        }
        return this;
    }

    /** What a finished child printed and returned. */
    public record Result(int exitCode, String out, String err) {

        /** For assertion descriptions: everything the child said. */
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Runs {@code playbatch args...} and waits for it to exit, at most {@code within}. */
    public Result run(Duration within, String... args) {
        try (Running running = start(args)) {
            Deadline.await(within, "playbatch " + String.join(" ", args) + " to exit\n" + running.output(),
                    () -> !running.process.isAlive());
            return new Result(running.process.exitValue(), read(running.out), read(running.err));
        }
    }

    /** Starts {@code playbatch args...} (e.g. {@code serve}); closing the result kills the child. */
    public Running start(String... args) {
        int run = ++runs;
        Path out = dir.resolve("child-" + run + ".out");
        Path err = dir.resolve("child-" + run + ".err");
        List<String> command = ChildJvm.command("384m", PlaybatchApplication.class);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PLAYBATCH_") || name.startsWith("BATCH_"));
        builder.environment().putAll(environment);
        try {
            return new Running(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM: " + command, e);
        }
    }

    /** A child still running. */
    public static final class Running implements AutoCloseable {

        private final Process process;
        private final Path out;
        private final Path err;

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** Waits until a line of standard output matches {@code pattern}; returns the match. */
        public Matcher awaitOutput(Pattern pattern, Duration within) {
            Matcher[] found = new Matcher[1];
            Deadline.await(within, "output matching " + pattern + "\n" + output(), () -> {
                Matcher matcher = pattern.matcher(read(out));
                if (matcher.find()) {
                    found[0] = matcher;
                    return true;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the child exited with " + process.exitValue() + " before printing "
                            + pattern + "\n" + output());
                }
                return false;
            });
            return found[0];
        }

        String output() {
            return "--- stdout\n" + read(out) + "\n--- stderr\n" + read(err);
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
