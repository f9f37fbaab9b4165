package io.playbatch.worker;

import io.playbatch.queue.Completion;
import io.playbatch.queue.LeasedItem;
import io.playbatch.queue.QueueNotifications;
import io.playbatch.queue.WorkQueue;
import io.playbatch.tasks.TaskContext;
import io.playbatch.tasks.TaskResult;
import io.playbatch.tasks.TaskRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A worker: leases batches of queue rows, runs each leased (already rendered) task with
 * {@link TaskRunner} on a bounded pool of threads, and reports the results in batches. One leaser
 * thread leases a new batch whenever a thread is free, woken by {@code LISTEN playbatch_queue}
 * (through {@link QueueNotifications}) or by its own poll; one completer thread writes finished
 * attempts in batches (group commit); a scheduler extends the leases of the rows in hand
 * (heartbeat) and takes back expired leases of dead workers (reaper). Several workers, in one
 * process or many, share the queue safely: the database decides who holds what.
 */
public class QueueWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);

    /** Started after the notifications it subscribes to, stopped before them. */
    public static final int PHASE = QueueNotifications.PHASE + 1024;

    private static final int REAP_BATCH = 1000;

    private final WorkQueue queue;
    private final TaskRunner runner;
    private final QueueNotifications notifications;
    private final WorkerSettings settings;
    private final BooleanSupplier justOutOfOutage;
    private final String workerId;
    private final Runnable wake = this::wake;
    private final Semaphore wakeSignal = new Semaphore(0);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition threadFree = lock.newCondition();
    private final AtomicInteger running = new AtomicInteger();
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Completion> finishedAttempts = new LinkedBlockingQueue<>();
    private volatile boolean active;
    private ThreadPoolExecutor pool;
    private ScheduledExecutorService scheduler;
    private Thread leaser;
    private Thread completer;

    public QueueWorker(WorkQueue queue, TaskRunner runner, QueueNotifications notifications, WorkerSettings settings,
            String workerId, BooleanSupplier justOutOfOutage) {
        this.justOutOfOutage = justOutOfOutage;
        this.queue = queue;
        this.runner = runner;
        this.notifications = notifications;
        this.settings = settings;
        this.workerId = workerId;
    }

    public String workerId() {
        return workerId;
    }

    @Override
    public synchronized void start() {
        if (active) {
            return;
        }
        active = true;
        AtomicInteger number = new AtomicInteger();
        pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> thread(r, "playbatch-worker-" + number.incrementAndGet()));
        scheduler = Executors.newSingleThreadScheduledExecutor(
                r -> thread(r, "playbatch-worker-heartbeat"));
        long heartbeatMs = settings.heartbeat().toMillis();
        scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
        long reapMs = settings.reapInterval().toMillis();
        if (reapMs > 0) {
            scheduler.scheduleWithFixedDelay(this::reap, reapMs, reapMs, TimeUnit.MILLISECONDS);
        }
        notifications.addLocalWorker(workerId);
        notifications.onReady(wake);
        queue.onEnqueued(wake);
        completer = thread(this::completeLoop, "playbatch-worker-completer");
        leaser = thread(this::leaseLoop, "playbatch-worker-leaser");
        completer.start();
        leaser.start();
        log.info("Worker {} started: {} threads, batches of {}, lease {}, heartbeat {}", workerId,
                settings.threads(), settings.batchSize(), settings.lease(), settings.heartbeat());
    }

    /**
     * Stops leasing, lets the tasks in hand finish and reports them, then stops. Leases still held
     * when the tasks do not finish within a lease period simply expire and are taken back.
     */
    @Override
    public synchronized void stop() {
        if (!active) {
            return;
        }
        active = false;
        notifications.removeReadyListener(wake);
        queue.removeEnqueueListener(wake);
        wake();
        join(leaser);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(settings.lease().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Worker {} stopped with tasks still running; their leases will expire", workerId);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The completer drains what the finished tasks left and exits on its own.
        join(completer);
        flush(drainFinished());
        scheduler.shutdownNow();
        notifications.removeLocalWorker(workerId);
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Stops heartbeats and reaping as if their thread had died, while tasks keep running: how the
     * fault tests make this worker's leases expire under it.
     */
    void stopHeartbeats() {
        scheduler.shutdownNow();
    }

    /** Rows may be ready: wake the leaser if it waits. */
    void wake() {
        if (wakeSignal.availablePermits() == 0) {
            wakeSignal.release();
        }
    }

    private void leaseLoop() {
        while (active) {
            try {
                awaitFreeThread();
                if (!active) {
                    return;
                }
                // Forget wake-ups from before this lease (it sees their rows), keep those that arrive during it.
                wakeSignal.drainPermits();
                List<LeasedItem> items = queue.lease(workerId, settings.batchSize(), settings.lease());
                for (LeasedItem item : items) {
                    held.add(item.queueId());
                    running.incrementAndGet();
                    pool.execute(() -> run(item));
                }
                if (items.size() < settings.batchSize()) {
                    // The queue is drained for now: wait to be told, or poll.
                    wakeSignal.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Worker {} could not lease: {}; retrying in {}", workerId, e.getMessage(),
                        settings.pollInterval());
                pause();
            }
        }
    }

    /** Leases only when a thread is free, so the worker holds at most threads - 1 + batch size rows. */
    private void awaitFreeThread() throws InterruptedException {
        lock.lock();
        try {
            while (active && running.get() >= settings.threads()) {
                threadFree.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void run(LeasedItem item) {
        TaskResult result;
        Long timeoutMs = item.task().timeoutMs();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = timeoutMs == null ? null : watchdog(timeoutMs, timedOut);
        try {
            result = runner.run(item.task(), new TaskContext(item.executionId(), item.nodeId(), item.attempt(),
                    workerId));
        } catch (RuntimeException | Error e) {
            // TaskRunner turns task failures into envelopes; this is a bug in the runner itself.
            result = TaskResult.error("worker_error", String.valueOf(e), 0, item.attempt(), workerId);
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
        if (timedOut.get()) {
            // Whatever the task returned after its deadline does not count: the attempt failed.
            Thread.interrupted();
            result = TaskResult.error("timeout", "step attempt " + item.attempt() + " of " + item.nodeId()
                    + " exceeded its timeout of " + timeoutMs + " ms and was interrupted", timeoutMs,
                    item.attempt(), workerId);
        }
        finishedAttempts.add(new Completion(item, result));
        running.decrementAndGet();
        lock.lock();
        try {
            threadFree.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Interrupts the calling worker thread once the attempt's timeout has passed. */
    private ScheduledFuture<?> watchdog(long timeoutMs,
            AtomicBoolean timedOut) {
        Thread worker = Thread.currentThread();
        try {
            return scheduler.schedule(() -> {
                timedOut.set(true);
                worker.interrupt();
            }, timeoutMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            return null;
        }
    }

    private void completeLoop() {
        while (active || !finishedAttempts.isEmpty()) {
            try {
                Completion first = finishedAttempts.poll(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Completion> batch = new ArrayList<>();
                batch.add(first);
                finishedAttempts.drainTo(batch, settings.batchSize() * 4 - 1);
                flush(batch);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<Completion> drainFinished() {
        List<Completion> rest = new ArrayList<>();
        finishedAttempts.drainTo(rest);
        return rest;
    }

    /**
     * Reports a batch, retrying while the database is unreachable: the rows stay leased (and
     * heartbeated) meanwhile, and if that lasts past the lease the completion is refused, which is
     * exactly the contract.
     */
    private void flush(List<Completion> batch) {
        if (batch.isEmpty()) {
            return;
        }
        while (true) {
            try {
                queue.complete(workerId, batch);
                break;
            } catch (RuntimeException e) {
                if (!active) {
                    // Stopping (the process gives up on an outage, or shuts down): the rows stay leased, and
                    // run again once their leases expire, as for any worker that died with tasks in hand.
                    log.warn("Worker {} stopped before it could report {} results: {}", workerId, batch.size(),
                            e.getMessage());
                    break;
                }
                log.warn("Worker {} could not report {} results: {}; retrying", workerId, batch.size(),
                        e.getMessage());
                if (!pause()) {
                    break;
                }
            }
        }
        batch.forEach(c -> held.remove(c.item().queueId()));
    }

    private void heartbeat() {
        try {
            List<Long> ids = new ArrayList<>(held);
            if (!ids.isEmpty()) {
                queue.heartbeat(workerId, ids, settings.lease());
            }
        } catch (RuntimeException e) {
            log.warn("Worker {} could not extend its leases: {}", workerId, e.getMessage());
        }
    }

    private void reap() {
        if (justOutOfOutage.getAsBoolean()) {
            // The owners of leases that ran out during the outage may not have had their turn to extend them yet.
            return;
        }
        try {
            while (queue.expireLeases(REAP_BATCH) == REAP_BATCH) {
                // More expired leases than one batch: keep going.
            }
        } catch (RuntimeException e) {
            log.warn("Worker {} could not take back expired leases: {}", workerId, e.getMessage());
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(settings.pollInterval().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void join(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread thread(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
