package io.playbatch.database;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.retry.Retryable;
import org.springframework.transaction.TransactionSystemException;

/**
 * Rides out a PostgreSQL outage (docs/database.md#outages): an operation that fails because the
 * connection was lost, the server terminated it, or the server is starting, restarting or full
 * ({@link #isTransient}) is tried again with a backoff of 100 ms doubling to 2 s. The outage is
 * timed from its first failure in this process to the next success of any operation; once it has
 * lasted {@code playbatch.db.outage-tolerance}, the operation gives up and the {@link OutageExit}
 * ends the process (exit 3), its executions left STARTED for recovery. Only whole operations are
 * retried: callers retry at a transaction's boundary, never a statement inside a broken
 * transaction ({@link OutageTolerantTransactionTemplate}). Once the application context begins to
 * close ({@link ContextClosedEvent}, published before any component stops) it stops retrying, so no
 * worker or step thread holds the shutdown up for the tolerance. A lifecycle stop alone is not that
 * signal: Spring stops the components that use this one before it, and a stopped (paused) context
 * may start again. Thread-safe.
 */
public class DatabaseOutage implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

    /** SQLSTATEs of an administrator's or the server's termination, a server starting up, too many clients. */
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private static final long NOT_IN_OUTAGE = Long.MIN_VALUE;

    private final Duration tolerance;
    private final OutageExit exit;
    private final Supplier<Collection<Long>> executionsInHand;
    private final RetryTemplate retry;
    private final AtomicLong outageSince = new AtomicLong(NOT_IN_OUTAGE);
    private final AtomicLong lastRecovered = new AtomicLong(NOT_IN_OUTAGE);
    private final Duration maxDelay;
    private volatile boolean closing;

    public DatabaseOutage(Duration tolerance, OutageExit exit, Supplier<Collection<Long>> executionsInHand) {
        this(tolerance, exit, executionsInHand, Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    /**
     * The process's outage handling, leaving STARTED for recovery the executions that the application's
     * {@link ExecutionsInHand} beans hold when it gives up; the standalone application and a host
     * application build theirs alike.
     */
    public static DatabaseOutage of(Duration tolerance, OutageExit exit, ObjectProvider<ExecutionsInHand> inHand) {
        return new DatabaseOutage(tolerance, exit, () -> inHand.orderedStream()
                .flatMap(holder -> holder.executionIds().stream()).toList());
    }

    /** With another backoff: tests that time a short tolerance. */
    DatabaseOutage(Duration tolerance, OutageExit exit, Supplier<Collection<Long>> executionsInHand,
            Duration firstDelay, Duration maxDelay) {
        this.tolerance = tolerance;
        this.exit = exit;
        this.executionsInHand = executionsInHand;
        this.maxDelay = maxDelay;
        this.retry = new RetryTemplate(RetryPolicy.builder().maxRetries(Long.MAX_VALUE).delay(firstDelay)
                .multiplier(2).maxDelay(maxDelay).predicate(this::worthRetrying).build());
    }

    /**
     * Runs {@code operation}, again and again while it fails transiently and the outage has lasted
     * less than the tolerance. {@code operation} must be safe to repeat as a whole.
     *
     * @throws RuntimeException the operation's own failure: not transient, or transient past the
     *         tolerance (the process is then already exiting)
     */
    public <T> T ride(String what, Supplier<T> operation) {
        T result;
        try {
            result = retry.execute(new Retryable<T>() {
                @Override
                public T execute() {
                    return operation.get();
                }

                @Override
                public String getName() {
                    return what;
                }
            });
        } catch (RetryException e) {
            Throwable last = e.getLastException() != null ? e.getLastException() : e.getCause();
            if (isTransient(last) && !closing) {
                giveUp(what, last);
            }
            if (last instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (last instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(what + " failed", last);
        }
        recovered();
        return result;
    }

    /** How long the current outage has lasted; zero when the database answers. */
    public Duration currentOutage() {
        long since = outageSince.get();
        return since == NOT_IN_OUTAGE ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    /**
     * Whether this process is in an outage, or came out of one less than {@code period} ago (plus
     * the longest retry delay, within which every other process that was retrying has tried again).
     * While nobody could reach the database no heartbeat was written and no lease extended, so what
     * looks expired just after an outage may belong to a live process that has not had its turn yet:
     * recovery of dead managers and the reaping of expired leases wait this long (docs/database.md#outages).
     */
    public boolean recentlyOut(Duration period) {
        if (outageSince.get() != NOT_IN_OUTAGE) {
            return true;
        }
        long recovered = lastRecovered.get();
        return recovered != NOT_IN_OUTAGE && System.nanoTime() - recovered < period.plus(maxDelay).toNanos();
    }

    public Duration tolerance() {
        return tolerance;
    }

    /** The context is closing: an operation that fails from now on fails at once. */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closing = true;
    }

    private boolean worthRetrying(Throwable failure) {
        if (closing || !isTransient(failure)) {
            return false;
        }
        long now = System.nanoTime();
        if (outageSince.compareAndSet(NOT_IN_OUTAGE, now)) {
            log.warn("PostgreSQL unreachable ({}); retrying for up to {}", rootMessage(failure), human(tolerance));
        }
        return now - outageSince.get() < tolerance.toNanos();
    }

    private void recovered() {
        long since = outageSince.get();
        if (since != NOT_IN_OUTAGE && outageSince.compareAndSet(since, NOT_IN_OUTAGE)) {
            lastRecovered.set(System.nanoTime());
            log.warn("PostgreSQL reachable again after {} ms", (System.nanoTime() - since) / 1_000_000);
        }
    }

    private void giveUp(String what, Throwable last) {
        Collection<Long> executions = executionsInHand.get();
        exit.exit("PostgreSQL unreachable for " + human(tolerance) + " (last error: " + rootMessage(last) + ", during "
                + what + "); executions left for recovery: "
                + (executions.isEmpty() ? "none" : List.copyOf(executions)));
    }

    /**
     * Whether a failure is a lost or refused connection that a later attempt may not meet: SQLSTATE
     * class 08 (connection exception), 57P01/57P02/57P03 (terminated by an administrator, crash
     * shutdown, cannot connect now), 53300 (too many connections), a pool's connection timeout
     * ({@link SQLTransientConnectionException}), or an EOF or socket failure in the cause chain.
     * A commit or rollback that failed in the driver counts as a lost connection.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof EOFException
                    || t instanceof SocketException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || TRANSIENT_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            if (t instanceof TransactionSystemException tx && (tx.getCause() instanceof SQLException
                    || tx.getApplicationException() != null && isTransient(tx.getApplicationException()))) {
                // A commit or rollback the driver could not carry out: the connection is gone (the pool's
                // "Connection is closed" has no SQLSTATE), whatever made the transaction roll back.
                return true;
            }
        }
        return false;
    }

    /** {@code 2m}, {@code 0.3s}: the duration as it is written in properties. */
    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
