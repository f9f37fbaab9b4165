package io.playbatch.runtime;

/** The resolved {@link LoopProperties}: partitions per loop, in-flight window, enqueue batch size. */
record LoopSettings(int partitions, int window, int batchSize) {
}
