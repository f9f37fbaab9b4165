package io.playbatch.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Where this process waits for queue rows to finish. A waiter registers the row's key before
 * enqueuing it (so no completion can slip in between), local workers complete the future right
 * after their completion commits, and {@link WorkQueue#sweepFinished()} completes the ones other
 * processes finished. Futures complete on the completing thread: callbacks must be short.
 * Thread-safe.
 */
@Component
public class CompletionRegistry {

    private final ConcurrentHashMap<QueueKey, CompletableFuture<QueueOutcome>> waiting = new ConcurrentHashMap<>();

    /** The future of this key's outcome; waiters on the same key share it. */
    public CompletableFuture<QueueOutcome> register(QueueKey key) {
        return waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    /** Completes (and forgets) the waiter of this outcome's row, if any. */
    public void complete(QueueOutcome outcome) {
        CompletableFuture<QueueOutcome> future = waiting.remove(outcome.key());
        if (future != null) {
            future.complete(outcome);
        }
    }

    /** Stops waiting on a key (the waiter gave up or was interrupted). */
    public void forget(QueueKey key, CompletableFuture<QueueOutcome> future) {
        waiting.remove(key, future);
    }

    /** The keys someone in this process is waiting on. */
    public List<QueueKey> pending() {
        return new ArrayList<>(waiting.keySet());
    }

    public boolean isEmpty() {
        return waiting.isEmpty();
    }
}
