package io.playbatch.runtime;

import io.playbatch.chunk.ChunkItems;
import io.playbatch.ledger.EventLedger;
import io.playbatch.metrics.RunMeters;
import io.playbatch.queue.CompletionRegistry;
import io.playbatch.queue.WorkQueue;
import io.playbatch.render.McpTaskRenderer;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.save.DataSaver;

/**
 * The collaborators every node step needs, passed as one value so step construction stays short;
 * {@code heartbeat} tells the waiting steps when a stop of their execution was requested.
 */
record RuntimeServices(EventLedger ledger, RunContextLoader contexts, StepConfigRenderer renderer,
        TaskDispatcher dispatcher, TransitionRecorder transitions, String workerId, WorkQueue queue,
        CompletionRegistry completions, QueuedOutcomes outcomes, LoopSettings loops, ChildPlaybooks children,
        DataSaver saver, ChunkItems chunks, ManagerHeartbeat heartbeat, McpTaskRenderer tasks, AgentLoopSupport agents,
        RunMeters meters) {
}
