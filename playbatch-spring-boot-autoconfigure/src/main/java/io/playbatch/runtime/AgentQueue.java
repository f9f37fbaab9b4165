package io.playbatch.runtime;

import io.playbatch.ledger.NewEvent;
import io.playbatch.queue.EnqueueRequest;
import io.playbatch.queue.QueueOutcome;
import io.playbatch.queue.WorkQueue;
import io.playbatch.runtime.QueuedOutcomes.Awaited;
import io.playbatch.tasks.TaskResult;
import java.util.List;
import java.util.Optional;

/**
 * The work queue as an agent loop uses it: a turn or tool call an earlier execution of the run
 * finished, and the enqueue of a turn's row (with its {@code loop_iteration}) or of a turn's tool
 * calls followed by the wait for all of them, through {@link QueuedOutcomes}. A row a stop withdrew
 * ends the wait with {@link Stopped}. Thread-safe.
 */
final class AgentQueue {

    private final WorkQueue queue;
    private final QueuedOutcomes outcomes;

    AgentQueue(WorkQueue queue, QueuedOutcomes outcomes) {
        this.queue = queue;
        this.outcomes = outcomes;
    }

    /** The outcome of row {@code nodeId} in an earlier execution of the run, if it finished there. */
    Optional<QueueOutcome> finishedEarlier(long executionId, String nodeId) {
        return queue.finishedInEarlierExecution(executionId, nodeId);
    }

    /** Enqueues the rows, each caused by the event at its index (appended in the same transaction), and waits. */
    Awaited enqueueAndWait(List<EnqueueRequest> requests, List<NewEvent> causes) throws InterruptedException,
            Stopped {
        return stopped(outcomes.enqueueAndWait(requests, r -> queue.enqueueCausedBy(causes, r)));
    }

    /** Enqueues the rows (their {@code parent_event_id} is in the requests) and waits for all of them. */
    Awaited enqueueAndWait(List<EnqueueRequest> requests) throws InterruptedException, Stopped {
        return stopped(outcomes.enqueueAndWait(requests, queue::enqueue));
    }

    private static Awaited stopped(Awaited awaited) throws Stopped {
        for (QueueOutcome outcome : awaited.outcomes()) {
            if (QueuedOutcomes.STOPPED.equals(outcome.result().errorType())) {
                throw new Stopped(outcome.result());
            }
        }
        return awaited;
    }

    /** A stop of the execution: no further turn or tool call is dispatched, and a queued one was withdrawn. */
    static final class Stopped extends Exception {

        private final TaskResult result;

        Stopped(TaskResult result) {
            super(result.errorMessage());
            this.result = result;
        }

        TaskResult result() {
            return result;
        }
    }
}
