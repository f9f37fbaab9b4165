package io.playbatch.bench;

/**
 * What one measured Playbatch loop run cost: its execution (for {@code verify}), wall time from
 * launch to completion, the events and transactions it wrote, the CPU time of the JVM and of
 * PostgreSQL, the enqueue-to-complete percentiles of its iterations (from the queue rows'
 * timestamps) and the Spring Batch step executions of the loop.
 */
record LoopFigures(long executionId, int iterations, double seconds, int events, long transactions, long jvmCpuMs,
        long postgresCpuMs, double p50Ms, double p99Ms, int stepExecutions) {

    double tasksPerSecond() {
        return iterations / seconds;
    }
}
