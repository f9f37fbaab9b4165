package io.playbatch.runtime;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bound on how many iterations of one loop are on the queue at once ({@code max_parallel}, 1 for
 * a sequential loop), shared by the loop's partitions. Unlike a semaphore it hands out as many
 * permits as are free, up to a batch, so enqueues stay batched while the bound holds. Thread-safe.
 */
final class InFlightWindow {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private int free;

    InFlightWindow(int size) {
        this.free = size;
    }

    /** Waits until at least one permit is free, then takes up to {@code max} of them. */
    int acquireUpTo(int max) throws InterruptedException {
        lock.lock();
        try {
            while (free == 0) {
                released.await();
            }
            int taken = Math.min(max, free);
            free -= taken;
            return taken;
        } finally {
            lock.unlock();
        }
    }

    void release(int permits) {
        if (permits <= 0) {
            return;
        }
        lock.lock();
        try {
            free += permits;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
