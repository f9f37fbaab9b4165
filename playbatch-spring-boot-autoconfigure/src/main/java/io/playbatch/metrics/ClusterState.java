package io.playbatch.metrics;

import java.util.List;

/**
 * What every process of the cluster shares through the database, read at one refresh: the queue
 * rows waiting ({@code ready}: due now, {@code delayed}: waiting for a retry delay) and leased, how
 * long the oldest ready row has waited, the executions running, the recent executions that ended by
 * playbook and status, and how late each active schedule is.
 */
public record ClusterState(long ready, long delayed, long leased, double oldestReadySeconds, long running,
        List<RecentRuns> recent, List<ScheduleLateness> schedules) {

    /** How many executions of {@code playbook} created within the recent window ended with {@code status}. */
    public record RecentRuns(String playbook, String status, long count) {
    }

    /** A schedule that is not paused, and by how many seconds its next tick is overdue (0 when it is not). */
    public record ScheduleLateness(String scheduleId, String playbook, double seconds) {
    }
}
