package io.playbatch.worker;

import java.time.Duration;

/**
 * How one {@link QueueWorker} works: {@code threads} tasks at once, leases of {@code batchSize}
 * rows at a time (it holds at most {@code threads - 1 + batchSize} leased rows), each lease valid
 * for {@code lease} and extended every {@code heartbeat}; it looks for work every
 * {@code pollInterval} when not notified, and reaps other workers' expired leases every
 * {@code reapInterval} (zero: never).
 */
public record WorkerSettings(int threads, int batchSize, Duration lease, Duration heartbeat, Duration pollInterval,
        Duration reapInterval) {

    public WorkerSettings {
        if (threads < 1 || batchSize < 1) {
            throw new IllegalArgumentException("worker threads and batch size must be at least 1, got " + threads
                    + " and " + batchSize);
        }
        if (lease.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("the lease (" + lease + ") must be longer than the heartbeat interval ("
                    + heartbeat + "), or every lease would expire between two heartbeats");
        }
        if (pollInterval.isZero() || pollInterval.isNegative() || reapInterval.isNegative()) {
            throw new IllegalArgumentException("poll interval must be positive and reap interval not negative");
        }
    }
}
