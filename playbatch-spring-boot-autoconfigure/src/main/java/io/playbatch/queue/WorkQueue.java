package io.playbatch.queue;

import io.playbatch.database.OutageTolerantTransactionTemplate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.AppendResult;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.taskmodel.TaskFailure;
import io.playbatch.tasks.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.util.RawValue;

/**
 * The work queue's operations (docs/state-machine.md#queue-item): enqueue, lease, heartbeat, complete or
 * fail, expire. Each call is one transaction of its own (never the caller's) in which the rows
 * change and their events ({@code task_enqueued}, {@code task_leased}, {@code task_completed},
 * {@code task_failed}, {@code task_retry_scheduled}, {@code lease_expired}) are appended, batched;
 * NOTIFY wakes workers and waiters when it commits. After the commit, local waiters in the
 * {@link CompletionRegistry} are completed and the {@code playbatch.queue.*} meters updated. Thread-safe.
 */
@Service
public class WorkQueue {

    private static final Logger completions = LoggerFactory.getLogger("playbatch.queue");

    private final QueueRepository repository;
    private final EventLedger ledger;
    private final CompletionRegistry registry;
    private final JsonCodec json;
    private final TransactionTemplate transactions;
    private final Counter enqueued;
    private final Counter leased;
    private final Counter completed;
    private final Counter failed;
    private final Counter expired;
    private final Counter dead;
    private final Counter refused;
    private final Timer leaseWait;
    private final Timer enqueueToComplete;
    private final MeterRegistry meters;
    private final List<Runnable> enqueueListeners = new CopyOnWriteArrayList<>();

    public WorkQueue(QueueRepository repository, EventLedger ledger, CompletionRegistry registry, JsonCodec json,
            PlatformTransactionManager transactionManager, MeterRegistry meters) {
        this.repository = repository;
        this.ledger = ledger;
        this.registry = registry;
        this.json = json;
        // A queue change must be visible to other workers as soon as it is made, so it never joins
        // (and waits for) a caller's transaction, such as a Spring Batch step's.
        this.transactions = new OutageTolerantTransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.meters = meters;
        this.enqueued = counter(meters, "playbatch.queue.enqueued", "Queue rows created");
        this.leased = counter(meters, "playbatch.queue.leased", "Leases granted (one per attempt)");
        this.completed = counter(meters, "playbatch.queue.completed", "Rows finished done");
        this.failed = counter(meters, "playbatch.queue.failed", "Failed attempts (retried or not)");
        this.expired = counter(meters, "playbatch.queue.expired", "Leases that expired and were taken back");
        this.dead = counter(meters, "playbatch.queue.dead", "Rows that ran out of attempts");
        this.refused = counter(meters, "playbatch.queue.completion.refused",
                "Completions refused because the worker no longer held the lease");
        // Histograms, not client-side percentiles: buckets add up across processes, percentiles do not.
        this.leaseWait = histogram("playbatch.queue.lease.wait", "From ready to leased")
                .register(meters);
        this.enqueueToComplete = histogram("playbatch.queue.enqueue_to_complete", "From enqueued to done or dead")
                .register(meters);
    }

    private static Counter counter(MeterRegistry meters, String name, String description) {
        return Counter.builder(name).description(description).register(meters);
    }

    private static Timer.Builder histogram(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1),
                        Duration.ofSeconds(10), Duration.ofMinutes(1))
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1));
    }

    /** One attempt's run time on its worker, by task type and outcome ({@code ok} or {@code error}). */
    private void recordAttempt(Completion completion) {
        histogram("playbatch.task.duration", "One task attempt, from lease to result on the worker")
                .tag("type", completion.item().task().type())
                .tag("outcome", completion.result().ok() ? "ok" : "error")
                .register(meters).record(completion.result().durationMs(), TimeUnit.MILLISECONDS);
    }

    /**
     * Calls {@code listener} after every enqueue that created rows commits: this process's workers
     * start leasing at once instead of after the {@code NOTIFY} round trip through the database.
     */
    public void onEnqueued(Runnable listener) {
        enqueueListeners.add(listener);
    }

    public void removeEnqueueListener(Runnable listener) {
        enqueueListeners.remove(listener);
    }

    private List<Enqueued> wakeWorkers(List<Enqueued> results) {
        if (results.stream().anyMatch(r -> !r.deduplicated())) {
            enqueueListeners.forEach(Runnable::run);
        }
        return results;
    }

    /**
     * Enqueues a batch idempotently: rows whose {@code (execution_id, node_id)} already exist are
     * left as they are and reported {@code deduplicated} with their existing id (and their outcome
     * when already finished). Each new row gets a {@code task_enqueued} event whose parent is the
     * request's {@code parentEventId}.
     */
    public List<Enqueued> enqueue(List<EnqueueRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        return wakeWorkers(inTransaction(() -> enqueueInTransaction(requests)));
    }

    /**
     * Appends {@code causes} and enqueues {@code requests} in one transaction, request {@code i}
     * caused by event {@code i} (its {@code parentEventId} is replaced by that event's id): an agent
     * loop records a turn's {@code loop_iteration} and its row together or not at all.
     */
    public List<Enqueued> enqueueCausedBy(List<NewEvent> causes, List<EnqueueRequest> requests) {
        return enqueueWithCauses(causes, requests, (caused, eventIds) -> enqueueInTransaction(caused));
    }

    /**
     * Enqueues a loop's iterations with their {@code loop_iteration} events in one transaction, each
     * event being its row's enqueue event too: no {@code task_enqueued} is written, and the row's
     * later events ({@code task_completed}, {@code task_failed}, ...) hang off its {@code loop_iteration}
     * (docs/events.md#loop-iterations). Request {@code i} is caused by event {@code i}, whose id
     * replaces its {@code parentEventId}; an iteration already dispatched in this execution keeps its
     * event and its row (reported {@code deduplicated}, with its outcome when finished).
     */
    public List<Enqueued> enqueueIterations(List<NewEvent> iterations, List<EnqueueRequest> requests) {
        return enqueueWithCauses(iterations, requests, (caused, eventIds) -> {
            List<QueueRepository.InsertedRow> inserted = repository.insert(caused, eventIds);
            if (!inserted.isEmpty()) {
                repository.notify(QueueRepository.READY_CHANNEL, "");
            }
            return results(caused, inserted);
        });
    }

    /** Appends the causes, then hands the requests (each naming its cause) and the causes' ids to {@code enqueue}. */
    private List<Enqueued> enqueueWithCauses(List<NewEvent> causes, List<EnqueueRequest> requests,
            BiFunction<List<EnqueueRequest>, List<Long>, List<Enqueued>> enqueue) {
        if (causes.size() != requests.size()) {
            throw new IllegalArgumentException(causes.size() + " causes for " + requests.size() + " requests");
        }
        if (requests.isEmpty()) {
            return List.of();
        }
        return wakeWorkers(inTransaction(() -> {
            List<Long> eventIds = ledger.appendAllJoining(causes).stream().map(AppendResult::eventId).toList();
            return enqueue.apply(causedBy(requests, eventIds), eventIds);
        }));
    }

    private static List<EnqueueRequest> causedBy(List<EnqueueRequest> requests, List<Long> eventIds) {
        List<EnqueueRequest> caused = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            EnqueueRequest r = requests.get(i);
            caused.add(new EnqueueRequest(r.executionId(), r.nodeId(), r.nodeName(), r.currentIndex(), r.task(),
                    r.maxAttempts(), r.backoff(), r.priority(), eventIds.get(i)));
        }
        return caused;
    }

    private List<Enqueued> enqueueInTransaction(List<EnqueueRequest> requests) {
        // The rows name their task_enqueued events before those exist: one insert per table, no update after.
        List<Long> eventIds = ledger.reserveIds(requests.size());
        List<QueueRepository.InsertedRow> inserted = repository.insert(requests, eventIds);
        Map<QueueKey, QueueRepository.InsertedRow> insertedRows = new HashMap<>();
        inserted.forEach(row -> insertedRows.put(row.key(), row));
        List<NewEvent> events = new ArrayList<>(inserted.size());
        List<Long> usedEventIds = new ArrayList<>(inserted.size());
        for (EnqueueRequest request : requests) {
            // remove: a key repeated in the batch got one row, and that row one event.
            QueueRepository.InsertedRow row = insertedRows.remove(request.key());
            if (row != null) {
                usedEventIds.add(row.enqueuedEventId());
                events.add(NewEvent.of(request.executionId(), EventType.TASK_ENQUEUED)
                        .node(request.nodeName(), "task").nodeId(request.nodeId()).index(request.currentIndex())
                        .parent(request.parentEventId()).status("queued")
                        .context(context("queue_id", IdCodec.format(row.queueId()), "max_attempts",
                                request.maxAttempts(), "priority", request.priority()))
                        .build());
            }
        }
        if (!events.isEmpty()) {
            ledger.appendAllJoining(events, usedEventIds);
            repository.notify(QueueRepository.READY_CHANNEL, "");
        }
        return results(requests, inserted);
    }

    /** What each request ended up with: its new row, or the row it conflicted with (and that row's outcome). */
    private List<Enqueued> results(List<EnqueueRequest> requests, List<QueueRepository.InsertedRow> inserted) {
        Map<QueueKey, Long> insertedIds = new HashMap<>();
        inserted.forEach(row -> insertedIds.put(row.key(), row.queueId()));
        List<QueueKey> conflicts = requests.stream().map(EnqueueRequest::key)
                .filter(key -> !insertedIds.containsKey(key)).toList();
        Map<QueueKey, QueueRepository.ExistingRow> existing = new HashMap<>();
        repository.find(conflicts).forEach(row -> existing.put(row.key(), row));
        List<Enqueued> results = new ArrayList<>(requests.size());
        Set<QueueKey> reported = new HashSet<>();
        for (EnqueueRequest request : requests) {
            QueueKey key = request.key();
            Long queueId = insertedIds.get(key);
            if (queueId != null && reported.add(key)) {
                results.add(new Enqueued(key, queueId, false, null, request.parentEventId()));
                continue;
            }
            QueueRepository.ExistingRow row = existing.get(key);
            if (row == null) {
                row = repository.find(List.of(key)).get(0);
            }
            boolean finished = "done".equals(row.status()) || "dead".equals(row.status());
            results.add(new Enqueued(key, row.queueId(), true, finished ? repository.outcome(row) : null,
                    request.parentEventId()));
        }
        enqueued.increment(inserted.size());
        return results;
    }

    /**
     * Leases up to {@code limit} ready rows for {@code owner} for {@code lease}, appending one
     * {@code task_leased} event each.
     */
    public List<LeasedItem> lease(String owner, int limit, Duration lease) {
        return leased(owner, () -> repository.lease(owner, limit, lease.toMillis()));
    }

    /**
     * Leases the row {@code key} for {@code owner} when it is queued, appending its {@code task_leased}
     * event; empty when it is not queued. Workers never lease a {@code playbook} row: the manager that
     * enqueued it takes it here, runs the child execution and reports it through {@link #complete}.
     */
    public Optional<LeasedItem> leaseRow(QueueKey key, String owner, Duration lease) {
        return leased(owner, () -> repository.leaseRow(key, owner, lease.toMillis())).stream().findFirst();
    }

    private List<LeasedItem> leased(String owner, Supplier<List<LeasedItem>> lease) {
        List<LeasedItem> items = inTransaction(() -> {
            List<LeasedItem> rows = lease.get();
            if (!rows.isEmpty()) {
                ledger.appendAllJoining(leaseEvents(owner, rows));
            }
            return rows;
        });
        leased.increment(items.size());
        for (LeasedItem item : items) {
            leaseWait.record(item.waitMs(), TimeUnit.MILLISECONDS);
        }
        return items;
    }

    /**
     * One {@code task_leased} per leased row, but one per loop for a loop's iterations leased
     * together: it hangs off the loop's {@code loop_started} and lists their indexes, queue ids and
     * attempts (docs/events.md#loop-iterations).
     */
    private static List<NewEvent> leaseEvents(String owner, List<LeasedItem> rows) {
        List<NewEvent> events = new ArrayList<>(rows.size());
        Map<Long, List<LeasedItem>> iterationsByLoop = new LinkedHashMap<>();
        for (LeasedItem item : rows) {
            if (item.loopStartedEventId() != null) {
                iterationsByLoop.computeIfAbsent(item.loopStartedEventId(), loop -> new ArrayList<>()).add(item);
                continue;
            }
            events.add(NewEvent.of(item.executionId(), EventType.TASK_LEASED)
                    .node(item.nodeName(), "task").nodeId(item.nodeId()).index(item.currentIndex())
                    .parent(item.enqueuedEventId()).status("leased").attempt(item.attempt()).worker(owner)
                    .context(context("queue_id", IdCodec.format(item.queueId()), "wait_ms", item.waitMs()))
                    .build());
        }
        iterationsByLoop.forEach((loopStarted, items) -> {
            LeasedItem first = items.get(0);
            events.add(NewEvent.of(first.executionId(), EventType.TASK_LEASED).node(first.nodeName(), "task")
                    .parent(loopStarted).status("leased").worker(owner)
                    .context(context("indexes", items.stream().map(LeasedItem::currentIndex).toList(),
                            "queue_ids", items.stream().map(i -> IdCodec.format(i.queueId())).toList(),
                            "attempts", items.stream().map(LeasedItem::attempt).toList(),
                            "wait_ms", items.stream().mapToLong(LeasedItem::waitMs).max().orElse(0)))
                    .build());
        });
        return events;
    }

    /** Extends the owner's live leases on these rows; returns how many were extended. */
    public int heartbeat(String owner, List<Long> queueIds, Duration lease) {
        if (queueIds.isEmpty()) {
            return 0;
        }
        return inTransaction(() -> repository.heartbeat(owner, queueIds, lease.toMillis()));
    }

    /**
     * Reports a batch of attempts: ok envelopes finish their rows {@code done}; error envelopes
     * schedule a retry (after the row's backoff) or, without attempts left, finish it {@code dead}.
     * Only rows {@code owner} still leases for that attempt are changed; the others are refused
     * (counted in {@code queue.completion.refused}) and left to whoever holds them now.
     */
    public CompletionReport complete(String owner, List<Completion> batch) {
        if (batch.isEmpty()) {
            return new CompletionReport(List.of(), List.of(), List.of(), List.of());
        }
        Map<Long, Completion> byId = new LinkedHashMap<>();
        batch.forEach(c -> byId.put(c.item().queueId(), c));
        List<Long> okIds = new ArrayList<>();
        List<Integer> okAttempts = new ArrayList<>();
        List<String> okResults = new ArrayList<>();
        // Each envelope and error is serialised once, for its row and its event alike.
        Map<Long, RawValue> envelopes = new HashMap<>();
        Map<Long, RawValue> errors = new HashMap<>();
        List<Long> errIds = new ArrayList<>();
        List<Integer> errAttempts = new ArrayList<>();
        List<String> errResults = new ArrayList<>();
        List<String> errErrors = new ArrayList<>();
        List<Boolean> errRetryable = new ArrayList<>();
        for (Completion c : byId.values()) {
            if (c.result().ok()) {
                okIds.add(c.item().queueId());
                okAttempts.add(c.item().attempt());
                okResults.add(envelope(c, envelopes));
            } else {
                errIds.add(c.item().queueId());
                errAttempts.add(c.item().attempt());
                errResults.add(envelope(c, envelopes));
                String error = json.write(c.result().errorMap());
                errors.put(c.item().queueId(), new RawValue(error));
                errErrors.add(error);
                errRetryable.add(TaskFailure.retryable(c.result().errorType()));
            }
        }
        List<QueueRepository.ChangedRow> changed = inTransaction(() -> {
            List<QueueRepository.ChangedRow> rows = new ArrayList<>();
            if (!okIds.isEmpty()) {
                rows.addAll(repository.complete(owner, okIds, okAttempts, okResults));
            }
            if (!errIds.isEmpty()) {
                rows.addAll(repository.fail(owner, errIds, errAttempts, errResults, errErrors, errRetryable));
            }
            List<NewEvent> events = new ArrayList<>(rows.size() + 4);
            boolean finished = false;
            boolean requeuedNow = false;
            for (QueueRepository.ChangedRow row : rows) {
                TaskResult result = byId.get(row.queueId()).result();
                NewEvent.Builder event = NewEvent.of(row.executionId(),
                        result.ok() ? EventType.TASK_COMPLETED : EventType.TASK_FAILED)
                        .node(row.nodeName(), "task").nodeId(row.nodeId()).index(row.currentIndex())
                        .parent(row.enqueuedEventId()).status(row.status()).attempt(row.attempts()).worker(owner)
                        .duration(result.durationMs()).result(envelopes.get(row.queueId()))
                        .context(context("queue_id", IdCodec.format(row.queueId())));
                if (!result.ok()) {
                    event.error(errors.get(row.queueId()));
                }
                events.add(event.build());
                if ("queued".equals(row.status())) {
                    events.add(NewEvent.of(row.executionId(), EventType.TASK_RETRY_SCHEDULED)
                            .node(row.nodeName(), "task").nodeId(row.nodeId()).index(row.currentIndex())
                            .parent(row.enqueuedEventId()).status("queued").attempt(row.attempts()).worker(owner)
                            .context(context("queue_id", IdCodec.format(row.queueId()), "delay_ms", row.delayMs(),
                                    "next_attempt", row.attempts() + 1))
                            .build());
                    requeuedNow |= row.delayMs() == 0;
                } else {
                    finished = true;
                }
            }
            ledger.appendAllJoining(events);
            if (finished) {
                // The payload names the worker, so this process's listener can skip what it already knows.
                repository.notify(QueueRepository.DONE_CHANNEL, owner);
            }
            if (requeuedNow) {
                repository.notify(QueueRepository.READY_CHANNEL, "");
            }
            return rows;
        });
        List<QueueOutcome> done = new ArrayList<>();
        List<QueueOutcome> deadRows = new ArrayList<>();
        List<Long> retried = new ArrayList<>();
        Set<Long> accepted = new HashSet<>();
        for (QueueRepository.ChangedRow row : changed) {
            accepted.add(row.queueId());
            Completion c = byId.get(row.queueId());
            recordAttempt(c);
            if (!c.result().ok()) {
                failed.increment();
            }
            switch (row.status()) {
                case "done" -> done.add(finish(row, c.result(), true));
                case "dead" -> deadRows.add(finish(row, c.result(), false));
                default -> retried.add(row.queueId());
            }
        }
        List<Long> refusedIds = new ArrayList<>();
        for (Completion c : byId.values()) {
            if (!accepted.contains(c.item().queueId())) {
                refusedIds.add(c.item().queueId());
                refused.increment();
                completions.warn("queue.completion.refused queue_id={} execution_id={} node_id={} attempt={}"
                        + " worker_id={}: the lease was lost (expired or taken back) before the completion",
                        c.item().queueId(), c.item().executionId(), c.item().nodeId(), c.item().attempt(), owner);
            }
        }
        return new CompletionReport(done, retried, deadRows, refusedIds);
    }

    private String envelope(Completion c, Map<Long, RawValue> envelopes) {
        String envelope = json.write(c.result().toEnvelope());
        envelopes.put(c.item().queueId(), new RawValue(envelope));
        return envelope;
    }

    private QueueOutcome finish(QueueRepository.ChangedRow row, TaskResult result, boolean ok) {
        (ok ? completed : dead).increment();
        enqueueToComplete.record(row.ageMs(), TimeUnit.MILLISECONDS);
        QueueOutcome outcome = new QueueOutcome(row.key(), row.queueId(), ok, result);
        if (completions.isInfoEnabled()) {
            completions.info("queue.{} execution_id={} node_id={} queue_id={} attempt={} duration_ms={}"
                    + " enqueue_to_complete_ms={} worker_id={}", ok ? "completed" : "dead", row.executionId(),
                    row.nodeId(), row.queueId(), row.attempts(), result.durationMs(), row.ageMs(),
                    row.previousOwner());
        }
        registry.complete(outcome);
        return outcome;
    }

    /**
     * Takes back up to {@code limit} expired leases (appending {@code lease_expired} each): rows with
     * attempts left are queued again at once, the others, and every {@code at_most_once} task, are
     * {@code dead}. Returns how many.
     */
    public int expireLeases(int limit) {
        List<QueueRepository.ChangedRow> rows = inTransaction(() -> {
            List<QueueRepository.ChangedRow> expiredRows = repository.expire(limit);
            if (expiredRows.isEmpty()) {
                return expiredRows;
            }
            List<NewEvent> events = new ArrayList<>(expiredRows.size());
            boolean anyDead = false;
            for (QueueRepository.ChangedRow row : expiredRows) {
                anyDead |= "dead".equals(row.status());
                events.add(NewEvent.of(row.executionId(), EventType.LEASE_EXPIRED)
                        .node(row.nodeName(), "task").nodeId(row.nodeId()).index(row.currentIndex())
                        .parent(row.enqueuedEventId()).status(row.status()).attempt(row.attempts())
                        .worker(row.previousOwner()).context(context("queue_id", IdCodec.format(row.queueId())))
                        .error(row.error())
                        .build());
            }
            ledger.appendAllJoining(events);
            repository.notify(QueueRepository.READY_CHANNEL, "");
            if (anyDead) {
                repository.notify(QueueRepository.DONE_CHANNEL, "");
            }
            return expiredRows;
        });
        for (QueueRepository.ChangedRow row : rows) {
            expired.increment();
            if ("dead".equals(row.status())) {
                finish(row, TaskResult.error(String.valueOf(row.error().get("type")),
                        String.valueOf(row.error().get("message")), 0, row.attempts(), row.previousOwner()), false);
            }
        }
        return rows.size();
    }

    /** The outcome of a row if it is finished: what a waiter polls when it may have missed a notification. */
    public Optional<QueueOutcome> finished(QueueKey key) {
        return inTransaction(() -> repository.findFinished(List.of(key)).stream().findFirst()
                .map(repository::outcome));
    }

    /**
     * The outcome of {@code nodeId} finished by an earlier execution of the same run, if any (the
     * newest): an agent loop's turns and tool calls are carried over from it on restart.
     */
    public Optional<QueueOutcome> finishedInEarlierExecution(long executionId, String nodeId) {
        return inTransaction(() -> repository.finishedInEarlierExecution(executionId, nodeId).stream().findFirst()
                .map(repository::outcome));
    }

    /**
     * Completes the registry's waiters whose rows finished (in any process): called on a
     * {@code playbatch_queue_done} notification from another process and periodically, so a lost
     * notification only delays a waiter, never strands it. Returns how many it completed.
     */
    public int sweepFinished() {
        List<QueueKey> pending = registry.pending();
        int completedWaiters = 0;
        for (int from = 0; from < pending.size(); from += 1000) {
            List<QueueKey> chunk = pending.subList(from, Math.min(pending.size(), from + 1000));
            List<QueueOutcome> outcomes = inTransaction(() -> repository.findFinished(chunk).stream()
                    .map(repository::outcome).toList());
            outcomes.forEach(registry::complete);
            completedWaiters += outcomes.size();
        }
        return completedWaiters;
    }

    /**
     * The indexes of a loop's iterations finished {@code done} by earlier executions of the same
     * run: a restart carries them over instead of running them again.
     */
    public BitSet doneInEarlierExecutions(long executionId, String loopNodeName) {
        return inTransaction(() -> repository.doneInEarlierExecutions(executionId, loopNodeName));
    }

    /** Every done iteration's {@code data} of a loop in index order, carried-over ones included. */
    public LoopResults loopResults(long executionId, String loopNodeName) {
        return inTransaction(() -> repository.loopResults(executionId, loopNodeName));
    }

    /** When the latest live lease on the execution's rows expires; empty when no worker holds one. */
    public Optional<Instant> liveLeaseUntil(long executionId) {
        return inTransaction(() -> repository.liveLeaseUntil(executionId));
    }

    /**
     * Marks every {@code queued} or {@code leased} row of a dead execution {@code dead} with
     * {@code error} (recovery: docs/state-machine.md), so no worker runs it later; a restart
     * enqueues new rows under its own execution id. Returns how many rows it changed, or empty, and
     * changes nothing, when a worker holds a live lease on one of them: checked in the same
     * transaction with the rows locked, so no lease slips in between the check and the burial.
     */
    public OptionalInt buryUnlessLeased(long executionId, Map<String, Object> error) {
        return inTransaction(() -> {
            if (repository.lockUnfinishedCountingLiveLeases(executionId) > 0) {
                return OptionalInt.empty();
            }
            int buried = repository.buryUnfinished(executionId, json.write(error));
            if (buried > 0) {
                repository.notify(QueueRepository.DONE_CHANNEL, "");
            }
            return OptionalInt.of(buried);
        });
    }

    /**
     * The outcome of {@code nodeId}'s row if an earlier execution of the run finished it
     * {@code done}: what a restarted step reuses instead of running its task again.
     */
    public Optional<QueueOutcome> doneInEarlierExecution(long executionId, String nodeId) {
        return inTransaction(() -> repository.doneInEarlierExecution(executionId, nodeId).map(repository::outcome));
    }

    /**
     * Withdraws a row no worker has leased yet: it ends {@code dead} with an error of this type and
     * message (a stop: nothing new starts). False when it was already leased or finished.
     */
    public boolean withdrawQueued(QueueKey key, String errorType, String message) {
        return inTransaction(() -> repository.withdrawQueued(key, json.write(Map.of("type", errorType,
                "message", message))));
    }

    private <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    private static Map<String, Object> context(Object... keyValues) {
        Map<String, Object> context = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            context.put((String) keyValues[i], keyValues[i + 1]);
        }
        return context;
    }
}
