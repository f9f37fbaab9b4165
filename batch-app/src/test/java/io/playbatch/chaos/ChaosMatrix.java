package io.playbatch.chaos;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code ops/chaos [EXPERIMENT...]}: runs the experiments of issue 12's matrix (all of them by
 * default) one after the other, each against a fresh embedded PostgreSQL, and prints one row per
 * experiment as soon as it is done. What each experiment does and measures: docs/operations.md,
 * "Chaos matrix". The matrix reports what happens, it does not judge: a failed experiment is a row
 * that says so, and the exit code is 0 unless an experiment name is unknown (2).
 */
public final class ChaosMatrix {

    private final Map<String, Supplier<ChaosRow>> experiments = new LinkedHashMap<>();

    ChaosMatrix(ChaosSettings settings) {
        LoopExperiments loops = new LoopExperiments(settings);
        StartExperiments starts = new StartExperiments(settings);
        for (int percent : List.of(20, 40, 70)) {
            experiments.put("kill-run-" + percent, () -> loops.killRun(percent));
        }
        experiments.put("kill-serve-manager-40", loops::killServeManager);
        experiments.put("pg-terminate", loops::pgTerminate);
        experiments.put("pg-restart-short", () -> loops.pgRestart("pg-restart-short", settings.shortDowntime()));
        experiments.put("pg-restart-long", () -> loops.pgRestart("pg-restart-long", settings.longDowntime()));
        experiments.put("kill-postmaster", loops::killPostmaster);
        experiments.put("stop-owner-serve", loops::stopOwnerServe);
        experiments.put("starts-rest", starts::rest);
        experiments.put("starts-mcp", starts::mcp);
    }

    /** Runs experiment {@code name}; an unknown name is an {@link IllegalArgumentException}. */
    ChaosRow run(String name) {
        Supplier<ChaosRow> experiment = experiments.get(name);
        if (experiment == null) {
            throw new IllegalArgumentException("unknown experiment '" + name + "'; the experiments are "
                    + String.join(", ", experiments.keySet()));
        }
        return experiment.get();
    }

    public static void main(String[] args) {
        ChaosSettings settings = ChaosSettings.fromEnvironment(System.getenv());
        ChaosMatrix matrix = new ChaosMatrix(settings);
        List<String> names = args.length == 0 ? List.copyOf(matrix.experiments.keySet()) : List.of(args);
        for (String name : names) {
            if (!matrix.experiments.containsKey(name)) {
                System.err.println("ops/chaos: unknown experiment '" + name + "'; the experiments are "
                        + String.join(" ", matrix.experiments.keySet()));
                System.exit(2);
            }
        }
        System.out.printf("chaos matrix: %d cores, load %s; items %d (serve %d, pg %d), starts %d, item %d ms,"
                        + " stale-after %d s%n", Runtime.getRuntime().availableProcessors(), load(), settings.items(),
                settings.serveItems(), settings.pgItems(), settings.starts(), settings.itemDelay().toMillis(),
                settings.staleAfter().toSeconds());
        System.out.println(ChaosRow.HEADER);
        for (String name : names) {
            long start = System.nanoTime();
            ChaosRow row = matrix.run(name);
            System.out.println(row.line() + " [" + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s]");
        }
        // Child JVMs and the HTTP client's threads are gone, but the JDK's HTTP server threads would keep the JVM up.
        System.exit(0);
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
