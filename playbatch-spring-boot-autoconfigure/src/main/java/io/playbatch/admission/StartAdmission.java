package io.playbatch.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded line in front of every start (docs/operations.md#admission-of-starts): at most
 * {@code concurrency} starts are in progress at once, at most {@code maxWaiting} more wait for a turn
 * (in arrival order, each at most {@code maxWait}), and any further start is refused at once with
 * {@link StartsBusyException} before it touches the database. A start is in progress from its
 * admission until its execution is recorded and its ids are known (or it failed); the run then
 * goes on without holding a turn. So however many clients start at once, starts never take more
 * connections than the pool can give while the admitted runs keep theirs.
 *
 * <p>Spring's {@code ConcurrencyThrottleSupport} waits without bound and cannot refuse, hence a
 * fair {@link Semaphore} and a count of the waiting. Thread-safe.
 */
public class StartAdmission {

    /** A start to run once admitted; returns what identifies the started execution. */
    @FunctionalInterface
    public interface Start<T> {
        T start() throws Exception;
    }

    private final int concurrency;
    private final int maxWaiting;
    private final Duration maxWait;
    private final Duration retryAfter;
    private final Semaphore turns;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter admitted;
    private final Counter refused;

    public StartAdmission(AdmissionProperties properties, int poolSize, MeterRegistry meters) {
        this.concurrency = properties.concurrency(poolSize);
        this.maxWaiting = properties.maxWaiting();
        this.maxWait = properties.maxWait();
        this.retryAfter = properties.retryAfter();
        this.turns = new Semaphore(concurrency, true);
        this.admitted = Counter.builder("playbatch.admission.starts").tag("outcome", "admitted")
                .description("Starts let through the admission line").register(meters);
        this.refused = Counter.builder("playbatch.admission.starts").tag("outcome", "refused")
                .description("Starts refused because the admission line was full").register(meters);
        Gauge.builder("playbatch.admission.waiting", waiting, AtomicInteger::get)
                .description("Starts waiting for a turn").register(meters);
        Gauge.builder("playbatch.admission.in_progress", this, StartAdmission::inProgress)
                .description("Starts admitted and not yet recorded").register(meters);
    }

    /**
     * Runs {@code start} once a turn is free, waiting at most {@code max-wait} behind at most
     * {@code max-waiting} others.
     *
     * @throws StartsBusyException when the line is full or the wait timed out ({@code start} never ran)
     * @throws Exception what {@code start} threw
     */
    public <T> T admit(Start<T> start) throws Exception {
        acquire();
        try {
            admitted.increment();
            return start.start();
        } finally {
            turns.release();
        }
    }

    /**
     * Runs {@code start} once a turn is free, however long that takes: for callers that are already
     * bounded and must not be refused (schedule fires, at most Quartz's thread count at once; a
     * refused tick would be a missed one). They take turns like everyone else.
     */
    public <T> T await(Start<T> start) throws Exception {
        turns.acquire();
        try {
            admitted.increment();
            return start.start();
        } finally {
            turns.release();
        }
    }

    private void acquire() {
        // tryAcquire with a timeout, even of zero, honours the fair order; the bare tryAcquire() would barge.
        try {
            if (turns.tryAcquire(0, TimeUnit.MILLISECONDS)) {
                return;
            }
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                throw busy("the waiting line is full");
            }
            try {
                if (!turns.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw busy("no turn came within " + maxWait.toMillis() + " ms");
                }
            } finally {
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("the wait for a turn was interrupted");
        }
    }

    private StartsBusyException busy(String why) {
        refused.increment();
        return new StartsBusyException("too many starts at once: " + why + " (" + concurrency
                + " in progress at most, playbatch.admission.max-concurrent; " + maxWaiting
                + " waiting at most, playbatch.admission.max-waiting); nothing was started, retry after "
                + retryAfter.toSeconds() + " s", retryAfter);
    }

    /** Starts admitted and not yet recorded. */
    public int inProgress() {
        return concurrency - turns.availablePermits();
    }

    /** Starts waiting for a turn. */
    public int waiting() {
        return waiting.get();
    }

    /** How many starts may be in progress at once. */
    public int concurrency() {
        return concurrency;
    }
}
