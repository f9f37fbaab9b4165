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
    private final int size;
    private int free;

    InFlightWindow(int size) {
        this.size = size;
        this.free = size;
    }

    /**
     * Waits until a useful number of permits is free (a quarter of the window, at most
     * {@code max}, at least one), then takes up to {@code max} of them: permits come back a few at
     * a time as iterations finish, and enqueuing each trickle on its own would mean many tiny
     * transactions.
     */
    int acquireUpTo(int max) throws InterruptedException {
        int worthIt = Math.max(1, Math.min(max, size / 4));
        lock.lock();
        try {
            while (free < worthIt) {
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
