package io.playbatch.runtime;

import io.playbatch.agent.AgentLoopEvents;
import io.playbatch.agent.AgentTasks;
import io.playbatch.agent.PromptRenderer;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.EventLedger;
import io.playbatch.mcp.client.JsonSchemaCheck;
import io.playbatch.metrics.RunMeters;
import io.playbatch.queue.WorkQueue;
import io.playbatch.render.McpTaskRenderer;
import io.playbatch.render.StepConfigRenderer;

/**
 * Builds the tasklet of an agent-loop step ({@code mcp.turns}), {@link AgentLoopTasklet}, with the
 * collaborators it uses; {@code maxTranscriptBytes} is {@code playbatch.mcp.max-transcript-bytes}.
 * Built once per launcher; thread-safe.
 */
final class AgentLoopSteps {

    private final EventLedger ledger;
    private final TransitionRecorder transitions;
    private final RunMeters meters;
    private final ManagerHeartbeat heartbeat;
    private final RunContextLoader contexts;
    private final PromptRenderer prompts;
    private final AgentTasks tasks;
    private final AgentQueue queue;
    private final JsonCodec json;
    private final JsonSchemaCheck schemas;
    private final NodeSave save;
    private final String workerId;

    AgentLoopSteps(EventLedger ledger, TransitionRecorder transitions, RunMeters meters, ManagerHeartbeat heartbeat,
            RunContextLoader contexts, StepConfigRenderer renderer, McpTaskRenderer tasks, WorkQueue queue,
            QueuedOutcomes outcomes, JsonCodec json, JsonSchemaCheck schemas, long maxTranscriptBytes, NodeSave save,
            String workerId) {
        this.ledger = ledger;
        this.transitions = transitions;
        this.meters = meters;
        this.heartbeat = heartbeat;
        this.contexts = contexts;
        this.prompts = new PromptRenderer(renderer);
        this.tasks = new AgentTasks(tasks, json, maxTranscriptBytes);
        this.queue = new AgentQueue(queue, outcomes);
        this.json = json;
        this.schemas = schemas;
        this.save = save;
        this.workerId = workerId;
    }

    AgentLoopTasklet tasklet(PlaybookGraph graph, StepNode node) {
        return new AgentLoopTasklet(graph, node, new StepEvents(graph, node, ledger, transitions, meters),
                new AgentLoopEvents(ledger, node.name()), heartbeat, contexts, prompts, tasks, queue, json, schemas,
                save, workerId);
    }
}
