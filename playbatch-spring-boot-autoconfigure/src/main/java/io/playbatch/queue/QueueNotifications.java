package io.playbatch.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on {@code playbatch_queue} (rows became ready) and {@code playbatch_queue_done} (rows
 * finished) on one dedicated PostgreSQL connection, and turns notifications into wake-ups: ready
 * listeners (workers) are called, and waiters on rows finished by other processes are completed
 * through {@link WorkQueue#sweepFinished()}. Notifications are an accelerator only: every poll
 * interval it sweeps anyway and wakes the workers, so a dropped connection (re-established with a
 * delay) costs latency, never correctness. Thread-safe.
 */
@Component
public class QueueNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueNotifications.class);

    /** Started before the workers (which subscribe to it) and stopped after them. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private final DataSource dataSource;
    private final WorkQueue queue;
    private final CompletionRegistry registry;
    private final long pollMs;
    private final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();
    private final Set<String> localWorkers = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile Thread thread;

    public QueueNotifications(DataSource dataSource, WorkQueue queue, CompletionRegistry registry,
            QueueProperties properties) {
        this.dataSource = dataSource;
        this.queue = queue;
        this.registry = registry;
        this.pollMs = properties.pollInterval().toMillis();
    }

    /** Calls {@code listener} when rows may have become ready (and at least every poll interval). */
    public void onReady(Runnable listener) {
        readyListeners.add(listener);
    }

    public void removeReadyListener(Runnable listener) {
        readyListeners.remove(listener);
    }

    /**
     * A worker of this process: its completions already reached the local waiters, so its
     * {@code playbatch_queue_done} notifications need no sweep.
     */
    public void addLocalWorker(String workerId) {
        localWorkers.add(workerId);
    }

    public void removeLocalWorker(String workerId) {
        localWorkers.remove(workerId);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread listener = new Thread(this::listen, "playbatch-queue-listener");
        listener.setDaemon(true);
        thread = listener;
        listener.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread listener = thread;
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(pollMs * 4 + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void listen() {
        long lastSweep = System.nanoTime();
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + QueueRepository.READY_CHANNEL);
                    statement.execute("LISTEN " + QueueRepository.DONE_CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                // Anything may have happened while we were not listening.
                wakeWorkers();
                sweep();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications((int) pollMs);
                    boolean ready = false;
                    boolean remoteDone = false;
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            if (QueueRepository.READY_CHANNEL.equals(notification.getName())) {
                                ready = true;
                            } else if (!localWorkers.contains(notification.getParameter())) {
                                remoteDone = true;
                            }
                        }
                    }
                    boolean pollDue = System.nanoTime() - lastSweep >= pollMs * 1_000_000L;
                    if (ready || pollDue) {
                        wakeWorkers();
                    }
                    if (remoteDone || pollDue) {
                        sweep();
                        lastSweep = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Queue notifications interrupted ({}); polling every {} ms until the listener reconnects",
                        e.getMessage(), pollMs);
                wakeWorkers();
                sleep();
            }
        }
    }

    private void wakeWorkers() {
        for (Runnable listener : readyListeners) {
            listener.run();
        }
    }

    private void sweep() {
        if (!registry.isEmpty()) {
            try {
                queue.sweepFinished();
            } catch (RuntimeException e) {
                log.warn("Could not check finished queue rows: {}", e.getMessage());
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(pollMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
