package io.playbatch.bench;

import io.playbatch.compiler.ir.LoopSpec;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.RetrySpec;
import io.playbatch.runtime.PlaybookLauncher;
import io.playbatch.runtime.RunRequest;
import io.playbatch.testsupport.Graphs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One loop of N {@code noop} iterations through Playbatch's whole path (server-side rendering,
 * enqueue, lease, run, complete, events, snapshots), measured: the run behind {@code ops/bench}
 * and the Playbatch side of {@code ops/bench-compare}'s loop pair. Runs one loop at a time on the
 * application it is given; not thread-safe.
 */
final class PlaybatchLoop {

    private final PlaybookLauncher launcher;
    private final JdbcTemplate jdbc;
    private final Path dataDir;

    /** {@code dataDir} is the embedded server's, so that its processes' CPU time can be read. */
    PlaybatchLoop(PlaybookLauncher launcher, JdbcTemplate jdbc, Path dataDir) {
        this.launcher = launcher;
        this.jdbc = jdbc;
        this.dataDir = dataDir;
    }

    /** Runs an unmeasured loop, so that the figures that follow are the steady state, not the JIT's first minutes. */
    void warmUp(int iterations) throws Exception {
        run(iterations, "bench/warmup");
    }

    /** Runs a loop of {@code iterations} under the playbook path {@code path} and measures it. */
    LoopFigures measure(int iterations, String path) throws Exception {
        long started = System.nanoTime();
        long transactions = transactions();
        long jvmCpu = jvmCpuMs();
        long pgCpu = postgresCpuMs();
        JobExecution execution = run(iterations, path);
        double seconds = (System.nanoTime() - started) / 1e9;
        jvmCpu = jvmCpuMs() - jvmCpu;
        transactions = transactions() - transactions;
        pgCpu = postgresCpuMs() - pgCpu;
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
        return new LoopFigures(execution.getId(), iterations, seconds, events, transactions, jvmCpu, pgCpu,
                ((Number) latency.get("p50")).doubleValue(), ((Number) latency.get("p99")).doubleValue(), steps);
    }

    private JobExecution run(int iterations, String path) throws Exception {
        List<Integer> items = IntStream.range(0, iterations).boxed().toList();
        PlaybookGraph graph = Graphs.line(path, Map.of("items", items), Graphs.loop("items",
                new LoopSpec("$workload.items", "item", LoopSpec.Mode.PARALLEL, 0), "noop",
                Map.of("item", "$item", "index", "$index"), RetrySpec.none()));
        return launcher.launch(RunRequest.fresh(graph, graph.workload()), launcher.nextRunId(),
                factory -> Graphs.job(graph, factory, launcher.jobRepository()));
    }

    private long transactions() {
        return jdbc.queryForObject("SELECT xact_commit + xact_rollback FROM pg_stat_database"
                + " WHERE datname = current_database()", Long.class);
    }

    private static long jvmCpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    /** CPU time of the embedded server and its backends so far, from /proc (Linux); 0 elsewhere. */
    private long postgresCpuMs() {
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
                    } catch (IOException | RuntimeException gone) {
                        // The process ended while we looked.
                    }
                }
            }
            return ticks * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
