package io.playbatch.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.database.EmbeddedPostgresServer;
import io.playbatch.ledger.SnapshotVerifier;
import io.playbatch.runtime.PlaybookLauncher;
import io.playbatch.worker.WorkerProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark behind {@code ops/bench-compare}: Playbatch side by side with a peer, in one JVM,
 * on one embedded PostgreSQL (Playbatch's own server; each peer in a fresh database of it, so the
 * same durable-commit settings and the same disk), with 4 worker threads on each side. Two pairs:
 * Playbatch's loop of N {@code noop} iterations ({@link PlaybatchLoop}, as {@code ops/bench})
 * against a db-scheduler queue of N one-time no-op tasks ({@link DbSchedulerQueue}), and a compiled
 * playbook of S {@code noop} steps ({@link PlaybatchSteps}) against a hand-written Spring Batch job
 * of S tasklet steps ({@link SpringBatchSteps}). An unreported round of the same sizes warms every
 * side up; then round 1 runs Playbatch first in each pair and round 2 the peer first, so neither
 * side always gets the quieter machine. Before each measurement every database is vacuumed and
 * checkpointed ({@link #settle}), so no side pays for the dead rows or dirty pages of another.
 * Every Playbatch execution is checked by {@link SnapshotVerifier}; a difference ends the
 * benchmark with exit code 1. Prints each figure, then the ratios.
 */
public final class CompareBenchmark {

    private static final int THREADS = 4;

    private final List<JdbcTemplate> databases;
    private final SnapshotVerifier verifier;
    private final PlaybatchLoop loop;
    private final DbSchedulerQueue queue;
    private final PlaybatchSteps playbook;
    private final SpringBatchSteps job;
    private final int iterations;
    private final int runs;

    private CompareBenchmark(List<JdbcTemplate> databases, SnapshotVerifier verifier, PlaybatchLoop loop, DbSchedulerQueue queue,
            PlaybatchSteps playbook, SpringBatchSteps job, int iterations, int runs) {
        this.databases = List.copyOf(databases);
        this.verifier = verifier;
        this.loop = loop;
        this.queue = queue;
        this.playbook = playbook;
        this.job = job;
        this.iterations = iterations;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        try {
            run(iterations, steps, runs);
        } catch (SnapshotDifference e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }

    private static void run(int iterations, int steps, int runs) throws Exception {
        Path dataDir = Files.createTempDirectory("playbatch-bench-compare-");
        System.out.println("load average at start: " + loadAverage());
        try (ConfigurableApplicationContext context = LoopBenchmark.start(dataDir,
                Map.of("playbatch.worker.threads", THREADS))) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            EmbeddedPostgresServer server = context.getBean(EmbeddedPostgresServer.class);
            int poolSize = context.getBean(HikariDataSource.class).getMaximumPoolSize();
            PlaybookLauncher launcher = context.getBean(PlaybookLauncher.class);
            WorkerProperties worker = context.getBean(WorkerProperties.class);
            try (PeerDatabase queueDatabase = PeerDatabase.create(server, jdbc, "bench_db_scheduler", poolSize);
                    PeerDatabase batchDatabase = PeerDatabase.create(server, jdbc, "bench_spring_batch", poolSize)) {
                System.out.printf("%s; synchronous_commit=%s, fsync=%s; %d worker threads and %d rows per lease"
                        + " each side; %d cores%n", jdbc.queryForObject("SELECT version()", String.class),
                        jdbc.queryForObject("SHOW synchronous_commit", String.class),
                        jdbc.queryForObject("SHOW fsync", String.class), worker.threads(), worker.batchSize(),
                        Runtime.getRuntime().availableProcessors());
                // The peer locks as many rows per poll as Playbatch's worker leases (playbatch.worker.batch-size):
                // db-scheduler's own default, one per thread, made it the slower side by a third.
                DbSchedulerQueue queue = new DbSchedulerQueue(queueDatabase.dataSource(), worker.threads(),
                        worker.batchSize());
                CompareBenchmark benchmark = new CompareBenchmark(List.of(jdbc,
                        new JdbcTemplate(queueDatabase.dataSource()), new JdbcTemplate(batchDatabase.dataSource())),
                        context.getBean(SnapshotVerifier.class),
                        new PlaybatchLoop(launcher, jdbc, dataDir), queue,
                        PlaybatchSteps.compile(context.getBean(PlaybookCompiler.class), launcher, steps),
                        SpringBatchSteps.create(batchDatabase.dataSource(), steps), iterations, runs);
                benchmark.round(0, true);
                System.out.printf("warmed up: one unreported round of the same sizes%n");
                List<String> ratios = new ArrayList<>();
                for (int number = 1; number <= 2; number++) {
                    Round round = benchmark.round(number, number == 1);
                    System.out.printf("round %d loop playbatch %.0f tasks/s (%d iterations in %.2f s;"
                            + " enqueue-to-complete p50 %.1f ms, p99 %.1f ms; verify: no difference)%n", number,
                            round.loop().tasksPerSecond(), iterations, round.loop().seconds(), round.loop().p50Ms(),
                            round.loop().p99Ms());
                    System.out.printf("round %d loop db_scheduler %.0f executions/s (%d one-time tasks)%n", number,
                            round.queue(), iterations);
                    System.out.printf("round %d steps playbatch %.2f ms/step (%d runs of %d noop steps;"
                            + " verify: no difference)%n", number, round.playbook().msPerStep(), runs, steps);
                    System.out.printf("round %d steps spring_batch %.2f ms/step (%d runs of %d tasklet steps)%n",
                            number, round.job().msPerStep(), runs, steps);
                    ratios.add("ratio loop_vs_db_scheduler %d %.2f".formatted(number,
                            round.loop().tasksPerSecond() / round.queue()));
                    ratios.add("ratio step_vs_spring_batch %d %.2f".formatted(number,
                            round.playbook().msPerStep() / round.job().msPerStep()));
                    ratios.add("p99 enqueue_to_complete_ms %d %.1f".formatted(number, round.loop().p99Ms()));
                }
                ratios.forEach(System.out::println);
            }
        }
        System.out.println("load average at end: " + loadAverage());
    }

    /**
     * One round: the loop pair, then the step pair, each in the given order. Playbatch's executions
     * are verified after each pair, not between its two sides, so that the peer never runs behind
     * the verifier's work.
     */
    private Round round(int number, boolean playbatchFirst) throws Exception {
        LoopFigures ours;
        double theirs;
        if (playbatchFirst) {
            ours = playbatchLoop(number);
            theirs = dbSchedulerQueue(number);
        } else {
            theirs = dbSchedulerQueue(number);
            ours = playbatchLoop(number);
        }
        verify(List.of(ours.executionId()));
        StepFigures ourSteps;
        StepFigures theirSteps;
        if (playbatchFirst) {
            ourSteps = playbatchSteps();
            theirSteps = springBatchSteps();
        } else {
            theirSteps = springBatchSteps();
            ourSteps = playbatchSteps();
        }
        verify(ourSteps.executions());
        return new Round(ours, theirs, ourSteps, theirSteps);
    }

    private LoopFigures playbatchLoop(int round) throws Exception {
        settle();
        return loop.measure(iterations, "bench/loop-" + round);
    }

    private double dbSchedulerQueue(int round) throws InterruptedException {
        settle();
        return queue.measure(iterations, "scheduled_tasks_round_" + round);
    }

    private StepFigures playbatchSteps() throws Exception {
        settle();
        return playbook.measure(runs);
    }

    private StepFigures springBatchSteps() throws Exception {
        settle();
        return job.measure(runs);
    }

    /**
     * Leaves the next measurement the databases a quiet start would: every database vacuumed and
     * analysed (the run before left dead rows and stale statistics) and what it left dirty flushed,
     * so its writes are not paid for by the next one.
     */
    private void settle() {
        for (JdbcTemplate database : databases) {
            database.execute("VACUUM ANALYZE");
        }
        databases.get(0).execute("CHECKPOINT");
    }

    /** Checks every execution's snapshots against its events; the first difference ends the benchmark. */
    private void verify(List<Long> executions) {
        for (long execution : executions) {
            List<String> differences = verifier.verify(execution);
            if (!differences.isEmpty()) {
                throw new SnapshotDifference(execution, differences);
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** One round's figures: each side of each pair. */
    private record Round(LoopFigures loop, double queue, StepFigures playbook, StepFigures job) {
    }

    /** A Playbatch execution whose snapshots are not what its events say: the benchmark's figures cannot be trusted. */
    private static final class SnapshotDifference extends RuntimeException {

        SnapshotDifference(long execution, List<String> differences) {
            super("verify: execution " + execution + " has " + differences.size() + " difference(s): "
                    + String.join("; ", differences.subList(0, Math.min(20, differences.size()))));
        }
    }
}
