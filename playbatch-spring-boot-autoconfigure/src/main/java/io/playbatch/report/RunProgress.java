package io.playbatch.report;

import java.util.List;

/**
 * How far an execution is, cheap enough to read every second while it runs: its summary (status
 * and every step's status so far, from the {@code workflow} snapshot) and, for each loop step still
 * running, how many of its iterations are done, failed, running and waiting.
 */
public record RunProgress(RunSummary summary, List<LoopProgress> loops) {

    /** Whether the execution has ended (COMPLETED, FAILED, STOPPED or ABANDONED). */
    public boolean finished() {
        return !"STARTING".equals(summary.status()) && !"STARTED".equals(summary.status());
    }

    /**
     * A running loop step: its {@code items}, those {@code carriedOver} from earlier executions of
     * the run, and this execution's iterations by queue status ({@code done}, {@code failed} for
     * dead, {@code running} for leased, {@code waiting} for queued).
     */
    public record LoopProgress(String step, int items, int carriedOver, long done, long failed, long running,
            long waiting) {
    }
}
