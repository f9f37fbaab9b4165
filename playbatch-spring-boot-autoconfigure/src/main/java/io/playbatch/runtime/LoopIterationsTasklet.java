package io.playbatch.runtime;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.queue.Completion;
import io.playbatch.queue.CompletionRegistry;
import io.playbatch.queue.EnqueueRequest;
import io.playbatch.queue.Enqueued;
import io.playbatch.queue.LeasedItem;
import io.playbatch.queue.QueueKey;
import io.playbatch.queue.QueueOutcome;
import io.playbatch.queue.WorkQueue;
import io.playbatch.render.McpTaskRenderer;
import io.playbatch.render.RenderException;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.tasks.TaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * One partition of a loop: renders each iteration of its index range on the server, enqueues it
 * as its own queue row ({@code step[i]}) together with its {@code loop_iteration} event (the row's
 * enqueue event), in batches, never more at once than the loop's window allows, and waits for the
 * rows to finish (their task events record each iteration's end; docs/events.md#loop-iterations). Iterations an earlier
 * execution of the run completed are carried over, not enqueued. The partition's read, write and
 * read-skip counts are its iterations done, failed and skipped; it fails when any iteration failed.
 * When the execution is asked to stop it dispatches no more iterations, waits for those on the
 * queue, and ends STOPPED (a restart runs the rest). An iteration whose task is {@code playbook}
 * is a child execution that this manager runs itself, one per item, through its own queue row
 * (docs/queue.md#loops).
 */
final class LoopIterationsTasklet implements Tasklet {

    /** A child playbook's row is leased for this long and its lease renewed three times as often. */
    private static final Duration CHILD_LEASE = Duration.ofSeconds(60);

    private final PlaybookGraph graph;
    private final StepNode node;
    private final LoopRuns runs;
    private final LoopSettings settings;
    private final ManagerHeartbeat heartbeat;
    private final McpTaskRenderer tasks;
    private final WorkQueue queue;
    private final CompletionRegistry completions;
    private final EventLedger ledger;
    private final ChildPlaybooks children;
    private final String workerId;

    LoopIterationsTasklet(PlaybookGraph graph, StepNode node, LoopRuns runs, LoopSettings settings,
            ManagerHeartbeat heartbeat, McpTaskRenderer tasks, WorkQueue queue, CompletionRegistry completions,
            EventLedger ledger, ChildPlaybooks children, String workerId) {
        this.graph = graph;
        this.node = node;
        this.runs = runs;
        this.settings = settings;
        this.heartbeat = heartbeat;
        this.tasks = tasks;
        this.queue = queue;
        this.completions = completions;
        this.ledger = ledger;
        this.children = children;
        this.workerId = workerId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        ExecutionContext range = step.getExecutionContext();
        LoopRun run = runs.get(step.getJobExecutionId(), node.name());
        Partition partition = new Partition(run, range.getInt(LoopPartitioner.FROM), range.getInt(LoopPartitioner.TO));
        run.partitionStarted(partition.from);
        partition.run();
        step.setReadCount(partition.done);
        step.setWriteCount(partition.failed);
        step.setReadSkipCount(partition.skipped);
        if (partition.failed > 0) {
            throw new StepTaskFailedException("loop " + node.name() + ": " + partition.failed + " of iterations "
                    + partition.from + ".." + (partition.to - 1) + " failed; last: " + partition.lastError);
        }
        if (partition.stopRequested) {
            throw new JobInterruptedException("loop " + node.name() + ": execution " + step.getJobExecutionId()
                    + " was asked to stop; iterations " + partition.from + ".." + (partition.to - 1) + " left "
                    + partition.notStarted + " not started");
        }
        if (partition.notStarted > 0) {
            throw new StepTaskFailedException("loop " + node.name() + ": iterations " + partition.from + ".."
                    + (partition.to - 1) + " not started because an earlier iteration of this sequential loop failed");
        }
        return RepeatStatus.FINISHED;
    }

    /** The dispatch state of one partition run; used by one thread, completed by worker callbacks. */
    private final class Partition {
        private final LoopRun run;
        private final int from;
        private final int to;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition finished = lock.newCondition();
        private final AtomicInteger outstanding = new AtomicInteger();
        private final ConcurrentLinkedQueue<Finished> toRecord = new ConcurrentLinkedQueue<>();
        private long done;
        private long failed;
        private long skipped;
        private long notStarted;
        private boolean stopRequested;
        private String lastError;

        Partition(LoopRun run, int from, int to) {
            this.run = run;
            this.from = from;
            this.to = to;
        }

        void run() throws InterruptedException {
            int next = from;
            int batchSize = settings.batchSize();
            while (next < to) {
                if (heartbeat.stopRequested(run.executionId())) {
                    // Stop dispatching; the iterations already on the queue finish and are recorded below.
                    stopRequested = true;
                    notStarted = countRunnable(next);
                    run.iterationsNotStartedOnStop(notStarted);
                    break;
                }
                if (run.stopped()) {
                    notStarted = countRunnable(next);
                    skipped += notStarted;
                    run.iterationsSkipped(notStarted);
                    break;
                }
                if (run.carriedOver(next)) {
                    skipped++;
                    run.iterationsSkipped(1);
                    next++;
                    continue;
                }
                int permits = run.window().acquireUpTo(batchSize);
                List<Integer> indexes = new ArrayList<>(permits);
                while (next < to && indexes.size() < permits) {
                    if (run.carriedOver(next)) {
                        skipped++;
                        run.iterationsSkipped(1);
                    } else {
                        indexes.add(next);
                    }
                    next++;
                }
                run.window().release(permits - indexes.size());
                dispatch(indexes);
                if (toRecord.size() >= batchSize) {
                    record();
                }
            }
            awaitOutstanding();
            record();
        }

        private long countRunnable(int fromIndex) {
            return run.runnable(fromIndex, to);
        }

        private void dispatch(List<Integer> indexes) {
            List<NewEvent> causes = new ArrayList<>(indexes.size());
            List<EnqueueRequest> requests = new ArrayList<>(indexes.size());
            List<Integer> enqueuedIndexes = new ArrayList<>(indexes.size());
            for (int index : indexes) {
                String nodeId = node.name() + "[" + index + "]";
                RenderedTask task;
                try {
                    task = tasks.render(node.task(), node.timeout(), run.iterationContext(index), nodeId);
                } catch (RenderException e) {
                    // Nothing was dispatched: the iteration fails here, recorded under the loop itself.
                    toRecord.add(new Finished(index, null, TaskResult.error("render_error", e.getMessage(), 0, 0,
                            workerId)));
                    run.window().release(1);
                    continue;
                }
                // A child execution is not retried by the queue: a restart of the parent runs the failed items again.
                int maxAttempts = isChildPlaybook(task) ? 1 : node.retry().maxAttempts();
                causes.add(NewEvent.of(run.executionId(), EventType.LOOP_ITERATION).node(node.name(), "loop")
                        .nodeId(nodeId).index(index).parent(run.loopStartedEventId()).status("dispatched")
                        .context(Map.of("max_attempts", maxAttempts)).build());
                requests.add(new EnqueueRequest(run.executionId(), nodeId, node.name(), index, task,
                        maxAttempts, QueueTaskDispatcher.backoff(node.retry()), 0, null));
                enqueuedIndexes.add(index);
            }
            if (requests.isEmpty()) {
                return;
            }
            // Registered before the rows exist, so no completion can be missed.
            for (int i = 0; i < requests.size(); i++) {
                int index = enqueuedIndexes.get(i);
                outstanding.incrementAndGet();
                completions.register(requests.get(i).key())
                        .thenAccept(outcome -> finished(index, outcome));
            }
            List<Enqueued> enqueued;
            try {
                enqueued = queue.enqueueIterations(causes, requests);
            } catch (RuntimeException e) {
                for (EnqueueRequest request : requests) {
                    QueueKey key = request.key();
                    completions.complete(new QueueOutcome(key, 0, false, TaskResult.error("enqueue_error",
                            String.valueOf(e.getMessage()), 0, 0, workerId)));
                }
                throw e;
            }
            for (Enqueued row : enqueued) {
                if (row.finished() != null) {
                    completions.complete(row.finished());
                }
            }
            for (int i = 0; i < requests.size(); i++) {
                if (enqueued.get(i).finished() == null && isChildPlaybook(requests.get(i).task())) {
                    runChild(requests.get(i), enqueued.get(i).causeEventId());
                }
            }
        }

        /**
         * Runs the child execution of one item of a loop of playbooks in this manager, as a
         * {@code playbook} step does (workers never lease its row): leases the row, keeps the lease
         * while the child runs, and reports the child's envelope through the queue, so the loop's
         * data and a restart's carry-over see it like any iteration. A row that is not queued (a
         * completed child of an earlier execution is carried over before this) is left alone.
         */
        private void runChild(EnqueueRequest request, long iterationEventId) {
            String owner = workerId;
            LeasedItem item = queue.leaseRow(request.key(), owner, CHILD_LEASE).orElse(null);
            if (item == null) {
                return;
            }
            CompletableFuture<TaskResult> child = CompletableFuture.supplyAsync(
                    () -> children.run(graph, node, request.task(), run.executionId(), iterationEventId),
                    runnable -> new Thread(runnable, "playbatch-loop-child-" + request.nodeId()).start());
            TaskResult result;
            while (true) {
                try {
                    result = child.get(CHILD_LEASE.toMillis() / 3, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    queue.heartbeat(owner, List.of(item.queueId()), CHILD_LEASE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result = TaskResult.error("child_interrupted", "loop " + node.name() + " was interrupted while"
                            + " the child of " + request.nodeId() + " ran", 0, item.attempt(), owner);
                    break;
                } catch (ExecutionException e) {
                    result = TaskResult.error("child_launch_failed", "loop " + node.name() + ": the child of "
                            + request.nodeId() + " failed: " + e.getCause().getMessage(), 0, item.attempt(), owner);
                    break;
                }
            }
            queue.complete(owner, List.of(new Completion(item, result)));
        }

        /** Called on the completing worker's thread: only counting and queueing, no I/O. */
        private void finished(int index, QueueOutcome outcome) {
            toRecord.add(new Finished(index, outcome.queueId(), outcome.result()));
            run.window().release(1);
            if (outstanding.decrementAndGet() == 0) {
                lock.lock();
                try {
                    finished.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        private void awaitOutstanding() throws InterruptedException {
            lock.lock();
            try {
                while (outstanding.get() > 0) {
                    finished.await(200, TimeUnit.MILLISECONDS);
                    if (toRecord.size() >= settings.batchSize()) {
                        lock.unlock();
                        try {
                            record();
                        } finally {
                            lock.lock();
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        /**
         * Counts the finished iterations, from this partition's thread. An iteration that finished
         * through its queue row is recorded by that row's final {@code task_completed},
         * {@code task_failed} or {@code lease_expired}, written with the row's change; only one that
         * never reached the queue gets a {@code loop_iteration_failed} here (docs/events.md#loop-iterations).
         */
        private void record() {
            List<NewEvent> events = new ArrayList<>();
            Finished f;
            while ((f = toRecord.poll()) != null) {
                if (f.result().ok()) {
                    done++;
                    run.iterationDone();
                    continue;
                }
                failed++;
                lastError = "[" + f.result().errorType() + "] " + f.result().errorMessage();
                run.iterationFailed(lastError);
                if (f.queueId() == null) {
                    events.add(NewEvent.of(run.executionId(), EventType.LOOP_ITERATION_FAILED)
                            .node(node.name(), "loop").nodeId(node.name() + "[" + f.index() + "]").index(f.index())
                            .parent(run.loopStartedEventId()).status("failed").attempt(f.result().attempt())
                            .worker(f.result().workerId()).duration(f.result().durationMs())
                            .error(f.result().errorMap()).build());
                }
            }
            if (!events.isEmpty()) {
                ledger.appendAll(events);
            }
        }
    }

    private static boolean isChildPlaybook(RenderedTask task) {
        return "playbook".equals(task.type());
    }

    private record Finished(int index, Long queueId, TaskResult result) {
    }
}
