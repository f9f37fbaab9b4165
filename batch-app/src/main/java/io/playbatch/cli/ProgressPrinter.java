package io.playbatch.cli;

import io.playbatch.report.RunProgress;
import io.playbatch.report.RunSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Waits for an execution this command started (run, restart, replay) and shows how it goes on
 * standard error, so that standard output keeps only the summary or its JSON. A run that ends within
 * {@link #QUIET} prints nothing; a longer one prints the steps that finished so far, then each step
 * as it starts and ends, and each running loop's iteration counts at most every {@link #LOOP_EVERY}
 * while they change. It reads snapshots and queue counts, never the event log, so it costs the same
 * for a loop of fifty thousand iterations as for a step. The progress comes from the database or, for
 * an execution a server runs, from its REST API ({@link OperatorConnection#progress}).
 */
final class ProgressPrinter {

    static final Duration QUIET = Duration.ofSeconds(2);
    static final Duration LOOP_EVERY = Duration.ofSeconds(2);
    /**
     * The first look comes soon and the next ones at most 100 ms apart while the run is quiet (most runs of a
     * short command are over within it, and a later look would add its wait to the command's time); after
     * that, every half second.
     */
    private static final Duration FIRST_POLL = Duration.ofMillis(25);
    private static final Duration QUIET_POLL = Duration.ofMillis(100);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final LongFunction<RunProgress> progressOf;
    private final PrintWriter err;
    private final Map<String, String> printedSteps = new HashMap<>();
    private final Map<String, String> printedLoops = new HashMap<>();
    private Instant nextLoopLines = Instant.MIN;
    private boolean printing;

    ProgressPrinter(LongFunction<RunProgress> progressOf, PrintWriter err) {
        this.progressOf = progressOf;
        this.err = err;
    }

    /** Returns the execution's final status once it has ended. */
    String await(long executionId) throws InterruptedException {
        Instant quietUntil = Instant.now().plus(QUIET);
        long pollMillis = FIRST_POLL.toMillis();
        while (true) {
            RunProgress progress = progressOf.apply(executionId);
            if (printing || !Instant.now().isBefore(quietUntil)) {
                print(progress);
            }
            if (progress.finished()) {
                return progress.summary().status();
            }
            Thread.sleep(pollMillis);
            pollMillis = Math.min(pollMillis * 2, (Instant.now().isBefore(quietUntil) ? QUIET_POLL : POLL).toMillis());
        }
    }

    private void print(RunProgress progress) {
        RunSummary summary = progress.summary();
        String now = TIME.format(Instant.now());
        if (!printing) {
            err.println("Execution " + summary.executionId() + " (run " + summary.runId() + ") of "
                    + summary.playbook() + " is running; its summary follows when it ends.");
            printing = true;
        }
        int width = SummaryText.nameWidth(summary);
        for (RunSummary.StepLine step : summary.steps()) {
            if (!"pending".equals(step.status()) && !step.status().equals(printedSteps.put(step.name(), step.status()))) {
                err.println(("  " + now + "  " + SummaryText.stepLine(step, width)).stripTrailing());
            }
        }
        if (!Instant.now().isBefore(nextLoopLines)) {
            for (RunProgress.LoopProgress loop : progress.loops()) {
                String counts = counts(loop);
                if (!counts.equals(printedLoops.put(loop.step(), counts))) {
                    err.println("  " + now + "  " + SummaryText.pad(loop.step(), width) + "  " + counts);
                }
            }
            nextLoopLines = Instant.now().plus(LOOP_EVERY);
        }
        err.flush();
    }

    /** {@code loop: 120 of 300 done (40 carried over), 4 running, 10 waiting, 1 failed}; zero parts left out. */
    static String counts(RunProgress.LoopProgress loop) {
        StringBuilder text = new StringBuilder("loop: ").append(loop.done() + loop.carriedOver()).append(" of ")
                .append(loop.items()).append(" done");
        if (loop.carriedOver() > 0) {
            text.append(" (").append(loop.carriedOver()).append(" carried over)");
        }
        if (loop.running() > 0) {
            text.append(", ").append(loop.running()).append(" running");
        }
        if (loop.waiting() > 0) {
            text.append(", ").append(loop.waiting()).append(" waiting");
        }
        if (loop.failed() > 0) {
            text.append(", ").append(loop.failed()).append(" failed");
        }
        return text.toString();
    }
}
