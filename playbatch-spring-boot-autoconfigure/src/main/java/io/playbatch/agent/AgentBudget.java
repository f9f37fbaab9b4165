package io.playbatch.agent;

import io.playbatch.compiler.ir.AgentLoopNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one execution of an agent loop has spent against its bounds: turns ({@code max_turns}),
 * tool calls ({@code max_tool_calls}, invalid calls included), the one corrective turn a final answer
 * that misses {@code stop.output_schema} may get, and the tokens the model reported. Not
 * thread-safe: one step thread owns it.
 */
public final class AgentBudget {

    /** A bound of the loop, named as in the playbook and in {@code stop_reason}. */
    public enum Limit {
        MAX_TURNS("max_turns"), MAX_TOOL_CALLS("max_tool_calls");

        private final String key;

        Limit(String key) {
            this.key = key;
        }

        /** The playbook key, which is also the {@code stop_reason} of a loop completed by this limit. */
        public String key() {
            return key;
        }
    }

    private final AgentLoopNode loop;
    private int turns;
    private int toolCalls;
    private boolean correctiveTurnUsed;
    private long promptTokens;
    private long completionTokens;

    public AgentBudget(AgentLoopNode loop) {
        this.loop = loop;
    }

    /** The turns taken so far, which is the index of the next turn. */
    public int turns() {
        return turns;
    }

    /** The tool calls counted so far, invalid ones included. */
    public int toolCalls() {
        return toolCalls;
    }

    /** Whether {@code max_turns} leaves room for another turn. */
    public boolean turnLeft() {
        return turns < loop.maxTurns();
    }

    /** Counts one finished turn. */
    public void turnTaken() {
        turns++;
    }

    /** Counts one tool call; false, counting nothing, when {@code max_tool_calls} are spent. */
    public boolean takeToolCall() {
        if (toolCalls >= loop.maxToolCalls()) {
            return false;
        }
        toolCalls++;
        return true;
    }

    /** Takes the one corrective turn, if unused and a turn is left; false otherwise. */
    public boolean takeCorrectiveTurn() {
        if (correctiveTurnUsed || !turnLeft()) {
            return false;
        }
        correctiveTurnUsed = true;
        return true;
    }

    /** Adds a turn's {@code usage} ({@code prompt_tokens}, {@code completion_tokens}; missing counts as 0). */
    public void used(Map<String, Object> usage) {
        promptTokens += number(usage.get("prompt_tokens"));
        completionTokens += number(usage.get("completion_tokens"));
    }

    /** The step data's {@code usage}: the tokens of every turn of this execution. */
    public Map<String, Object> usage() {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        return usage;
    }

    /**
     * What reaching {@code limit} means: nothing when {@code on_limit: complete} (the loop completes
     * with its last answer), otherwise the failure {@code agent_limit_reached}.
     */
    public void reached(Limit limit) throws AgentLoopFailure {
        if (loop.onLimit() == AgentLoopNode.OnLimit.COMPLETE) {
            return;
        }
        int bound = limit == Limit.MAX_TURNS ? loop.maxTurns() : loop.maxToolCalls();
        throw new AgentLoopFailure("agent_limit_reached", "the agent loop mcp.turns." + loop.name() + " reached "
                + limit.key() + " = " + bound + " without a final answer (fix: raise " + limit.key()
                + ", or set on_limit: complete to accept the loop's last answer)");
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
