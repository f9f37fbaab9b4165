package io.playbatch.runtime;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code playbatch.loop.*}: how a loop step runs (docs/queue.md#loops). {@code partitions} is the number
 * of Spring Batch partitions per loop (default: twice the worker threads), {@code window} the most
 * iterations of one loop on the queue at once when the loop sets no {@code max_parallel} (default
 * 256: enough to keep the workers busy, few enough that an iteration never waits long behind
 * others), {@code batch-size} how many iterations are enqueued per transaction (default 128).
 */
@ConfigurationProperties("playbatch.loop")
public record LoopProperties(Integer partitions, Integer window, Integer batchSize) {

    public LoopProperties {
        window = window == null ? 256 : window;
        batchSize = batchSize == null ? 128 : batchSize;
        if (window < 1 || batchSize < 1 || (partitions != null && partitions < 1)) {
            throw new IllegalArgumentException("playbatch.loop.partitions, .window and .batch-size must be at least 1");
        }
    }

    LoopSettings settings(int workerThreads) {
        return new LoopSettings(partitions == null ? Math.max(1, 2 * workerThreads) : partitions, window, batchSize);
    }
}
