package io.playbatch.bench;

import io.playbatch.PlaybatchApplication;
import io.playbatch.ledger.SnapshotVerifier;
import io.playbatch.runtime.PlaybookLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark behind {@code ops/bench}: one loop of N {@code noop} iterations through the whole
 * path (see {@link PlaybatchLoop}) with the default worker and loop settings, on the application's
 * own embedded PostgreSQL in a fresh directory. Prints throughput, the enqueue-to-complete latency
 * of the iterations (measured by the database from each row's created_at to its last update) and
 * how many Spring Batch step executions the loop cost, then checks the loop's execution with
 * {@code verify} ({@link SnapshotVerifier}); a difference prints it and exits 1.
 */
public final class LoopBenchmark {

    private LoopBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Path dataDir = Files.createTempDirectory("playbatch-bench-");
        List<String> differences;
        try (ConfigurableApplicationContext context = start(dataDir, Map.of())) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            PlaybatchLoop loop = new PlaybatchLoop(context.getBean(PlaybookLauncher.class), jdbc, dataDir);
            loop.warmUp(Math.min(5_000, iterations));
            LoopFigures figures = loop.measure(iterations, "bench/loop");
            System.out.printf("%d iterations in %.2f s (%d events; synchronous_commit=%s, fsync=%s)%n", iterations,
                    figures.seconds(), figures.events(), jdbc.queryForObject("SHOW synchronous_commit", String.class),
                    jdbc.queryForObject("SHOW fsync", String.class));
            System.out.printf("CPU: JVM %.1f s, PostgreSQL %.1f s (%d cores); %d transactions%n",
                    figures.jvmCpuMs() / 1e3, figures.postgresCpuMs() / 1e3,
                    Runtime.getRuntime().availableProcessors(), figures.transactions());
            System.out.printf("%.0f tasks/s%n", figures.tasksPerSecond());
            System.out.printf("enqueue-to-complete p50 %.1f ms%n", figures.p50Ms());
            System.out.printf("p99 %.1f ms%n", figures.p99Ms());
            System.out.printf("%d Spring Batch step executions for the loop (1 manager + partitions)%n",
                    figures.stepExecutions());
            differences = context.getBean(SnapshotVerifier.class).verify(figures.executionId());
            System.out.printf("verify: %s%n", differences.isEmpty() ? "no difference"
                    : differences.size() + " difference(s): " + String.join("; ", differences));
        }
        if (!differences.isEmpty()) {
            System.exit(1);
        }
    }

    /**
     * The application as both benchmarks run it: no web server, its own embedded PostgreSQL (durable
     * commits, as the application always has them) in {@code dataDir}, plus {@code properties}.
     */
    static ConfigurableApplicationContext start(Path dataDir, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("playbatch.db.data-dir", dataDir.toString());
        return new SpringApplicationBuilder(PlaybatchApplication.class)
                .web(WebApplicationType.NONE)
                .properties(all)
                .logStartupInfo(false)
                .run();
    }
}
