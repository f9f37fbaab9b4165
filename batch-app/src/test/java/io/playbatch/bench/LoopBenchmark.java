package io.playbatch.bench;

import io.playbatch.PlaybatchApplication;
import io.playbatch.compiler.ir.LoopSpec;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.RetrySpec;
import io.playbatch.runtime.PlaybookLauncher;
import io.playbatch.runtime.RunRequest;
import io.playbatch.testsupport.Graphs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark behind {@code ops/bench}: one loop of N {@code noop} iterations through the whole
 * path (server-side rendering, enqueue, lease, run, complete, events, snapshots) with the default
 * worker and loop settings, on the application's own embedded PostgreSQL in a fresh directory.
 * Prints throughput, the enqueue-to-complete latency of the iterations (measured by the database
 * from each row's created_at to its last update) and how many Spring Batch step executions the
 * loop cost.
 */
public final class LoopBenchmark {

    private LoopBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Path dataDir = Files.createTempDirectory("playbatch-bench-");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlaybatchApplication.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of("playbatch.db.data-dir", dataDir.toString()))
                .logStartupInfo(false)
                .run()) {
            PlaybookLauncher launcher = context.getBean(PlaybookLauncher.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            // A warm-up run, so the figures are the steady state rather than the JIT's first minutes.
            run(launcher, Math.min(5_000, iterations), "bench/warmup");
            long started = System.nanoTime();
            long commits = commits(jdbc);
            long jvmCpu = jvmCpuMs();
            long pgCpu = postgresCpuMs(dataDir);
            JobExecution execution = run(launcher, iterations, "bench/loop");
            double seconds = (System.nanoTime() - started) / 1e9;
            jvmCpu = jvmCpuMs() - jvmCpu;
            commits = commits(jdbc) - commits;
            pgCpu = postgresCpuMs(dataDir) - pgCpu;
            if (!"COMPLETED".equals(execution.getStatus().name())) {
                throw new IllegalStateException("benchmark run ended " + execution.getStatus());
            }
            Map<String, Object> latency = jdbc.queryForMap("""
                    SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
                           percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) AS p99, count(*) AS n
                    FROM (SELECT EXTRACT(EPOCH FROM (updated_at - created_at)) * 1000 AS ms
                          FROM queue WHERE execution_id = ? AND status = 'done') t
                    """, execution.getId());
            int steps = jdbc.queryForObject("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ?"
                    + " AND (step_name = 'items' OR step_name LIKE 'items:partition:%')", Integer.class,
                    execution.getId());
            int events = jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ?", Integer.class,
                    execution.getId());
            System.out.printf("%d iterations in %.2f s (%d events; synchronous_commit=%s, fsync=%s)%n", iterations,
                    seconds, events, jdbc.queryForObject("SHOW synchronous_commit", String.class),
                    jdbc.queryForObject("SHOW fsync", String.class));
            System.out.printf("CPU: JVM %.1f s, PostgreSQL %.1f s (%d cores); %d transactions%n", jvmCpu / 1e3,
                    pgCpu / 1e3, Runtime.getRuntime().availableProcessors(), commits);
            System.out.printf("%.0f tasks/s%n", iterations / seconds);
            System.out.printf("enqueue-to-complete p50 %.1f ms%n", ((Number) latency.get("p50")).doubleValue());
            System.out.printf("p99 %.1f ms%n", ((Number) latency.get("p99")).doubleValue());
            System.out.printf("%d Spring Batch step executions for the loop (1 manager + partitions)%n", steps);
        }
    }

    private static long commits(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT xact_commit + xact_rollback FROM pg_stat_database"
                + " WHERE datname = current_database()", Long.class);
    }

    private static long jvmCpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
    }

    /** CPU time of the embedded server and its backends so far, from /proc (Linux); 0 elsewhere. */
    private static long postgresCpuMs(Path dataDir) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            long ticks = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String stat = Files.readString(process.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long pid = Long.parseLong(process.getFileName().toString());
                        if (pid == postmaster || Long.parseLong(fields[1]) == postmaster) {
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    } catch (java.io.IOException | RuntimeException gone) {
                        // The process ended while we looked.
                    }
                }
            }
            return ticks * 10;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static JobExecution run(PlaybookLauncher launcher, int iterations, String path) throws Exception {
        List<Integer> items = IntStream.range(0, iterations).boxed().toList();
        PlaybookGraph graph = Graphs.line(path, Map.of("items", items), Graphs.loop("items",
                new LoopSpec("$workload.items", "item", LoopSpec.Mode.PARALLEL, 0), "noop",
                Map.of("item", "$item", "index", "$index"), RetrySpec.none()));
        return launcher.launch(RunRequest.fresh(graph, graph.workload()), launcher.nextRunId(),
                factory -> Graphs.job(graph, factory, launcher.jobRepository()));
    }
}
