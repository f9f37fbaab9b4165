package io.playbatch.agent;

import io.playbatch.compiler.ir.AgentLoopNode;
import io.playbatch.compiler.ir.McpToolSpec;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ledger events of one agent-loop step, below its {@code step_started}: {@code loop_started},
 * one {@code loop_iteration} per turn (dispatched with its {@code model_turn} row, or {@code reused}
 * from an earlier execution), {@code loop_iteration_completed}, and {@code loop_completed}. No new
 * event types (docs/mcp.md#the-agent-loop-step). Every append commits on its own. Thread-safe.
 */
public final class AgentLoopEvents {

    private static final String NODE_TYPE = "agent_loop";

    private final EventLedger ledger;
    private final String step;

    public AgentLoopEvents(EventLedger ledger, String step) {
        this.ledger = ledger;
        this.step = step;
    }

    /** Appends {@code loop_started} (context: model, bounds, tools); returns its event id. */
    public long loopStarted(long executionId, long stepStartedEventId, AgentLoopNode loop) {
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("model", loop.model().name());
        start.put("max_turns", loop.maxTurns());
        start.put("max_tool_calls", loop.maxToolCalls());
        start.put("tools", loop.tools().stream().map(McpToolSpec::name).toList());
        return ledger.append(NewEvent.of(executionId, EventType.LOOP_STARTED).node(step, NODE_TYPE)
                .parent(stepStartedEventId).status("started").context(start).build()).eventId();
    }

    /** Appends the {@code loop_iteration} of a turn carried over from queue row {@code queueId}; returns its id. */
    public long turnReused(long executionId, long loopStartedEventId, String turnNode, int turn, long queueId) {
        Map<String, Object> reused = new LinkedHashMap<>();
        reused.put("carried_over", true);
        reused.put("queue_id", String.valueOf(queueId));
        return ledger.append(NewEvent.of(executionId, EventType.LOOP_ITERATION).node(step, NODE_TYPE)
                .nodeId(turnNode).index(turn).parent(loopStartedEventId).status("reused").context(reused).build())
                .eventId();
    }

    /** The {@code loop_iteration} of a dispatched turn, to be appended in one transaction with its row. */
    public NewEvent turnDispatched(long executionId, long loopStartedEventId, String turnNode, int turn) {
        return NewEvent.of(executionId, EventType.LOOP_ITERATION).node(step, NODE_TYPE).nodeId(turnNode).index(turn)
                .parent(loopStartedEventId).status("dispatched").build();
    }

    /** The turn's {@code task_completed} event, the parent of its tool calls; {@code orElse} if there is none. */
    public long turnTaskCompleted(long executionId, String turnNode, long orElse) {
        return ledger.latestEventIdOfNode(executionId, EventType.TASK_COMPLETED, turnNode).orElse(orElse);
    }

    /** Appends {@code loop_iteration_completed} (context: finish_reason, tool_calls, token counts). */
    public void turnCompleted(long executionId, long iterationEventId, int turn, Object finishReason, int calls,
            Map<String, Object> usage) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("finish_reason", finishReason);
        summary.put("tool_calls", calls);
        summary.put("prompt_tokens", usage.get("prompt_tokens"));
        summary.put("completion_tokens", usage.get("completion_tokens"));
        ledger.append(NewEvent.of(executionId, EventType.LOOP_ITERATION_COMPLETED).node(step, NODE_TYPE)
                .nodeId(AgentLoopNode.turnNodeId(step, turn)).index(turn).parent(iterationEventId)
                .status("completed").context(summary).build());
    }

    /**
     * Appends {@code loop_completed} with {@code status} {@code completed}, {@code stopped} or
     * {@code failed} (context: stop_reason, turns); {@code error} is null for a completed loop.
     */
    public void loopCompleted(long executionId, long loopStartedEventId, String status, String stopReason, int turns,
            Map<String, Object> error) {
        ledger.append(NewEvent.of(executionId, EventType.LOOP_COMPLETED).node(step, NODE_TYPE)
                .parent(loopStartedEventId).status(status).context(Map.of("stop_reason", stopReason, "turns", turns))
                .error(error).build());
    }
}
