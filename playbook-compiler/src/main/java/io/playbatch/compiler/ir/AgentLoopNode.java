package io.playbatch.compiler.ir;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded agent loop: one {@code mcp.turns} entry used by a step (node kind
 * {@link NodeKind#AGENT_LOOP}). Each model turn {@code k} is a {@code model_turn} queue item with
 * node id {@code step[k]}, each tool call {@code j} of turn {@code k} an {@code mcp_tool_call} item
 * with node id {@code step[k].tool[j]} (see {@link #turnNodeId} and {@link #toolCallNodeId}).
 * {@code system}, {@code prompt} and the message contents are Velocity templates rendered once;
 * the {@code context} resources are read first by their implicit {@code resource:NAME} nodes.
 * Immutable.
 *
 * @param messages         optional few-shot turns before the prompt
 * @param context          resources read before the loop, added as one user message (text only)
 * @param tools            the tools offered to the model (a subset of {@code mcp.tools})
 * @param allowSideEffects whether tools that are not read-only may be offered
 * @param maxTurns         1..50
 * @param maxToolCalls     1..200, default {@code 2 * maxTurns}
 * @param outputSchema     the final answer must be JSON matching it (one corrective turn), or null
 */
public record AgentLoopNode(String name, McpModelSpec model, String system, List<Message> messages, String prompt,
        List<McpResourceSpec> context, List<McpToolSpec> tools, ToolChoice toolChoice, boolean allowSideEffects,
        int maxTurns, int maxToolCalls, StopWhen stopWhen, Map<String, Object> outputSchema, OnLimit onLimit)
        implements McpCallable {

    /** One few-shot message: {@code role} is {@code user} or {@code assistant}; {@code content} a template. */
    public record Message(String role, String content) {
    }

    /** Whether the model may, must or must not call tools. */
    public enum ToolChoice { AUTO, REQUIRED, NONE }

    /** When the loop ends normally. */
    public enum StopWhen {
        /** the model answers without tool calls (and the output schema, if any, is satisfied). */
        NO_TOOL_CALLS
    }

    /** What hitting {@code max_turns} or {@code max_tool_calls} does. */
    public enum OnLimit {
        /** the step fails (default). */
        FAIL,
        /** the step completes with {@code data.stop_reason = max_turns} (or {@code max_tool_calls}). */
        COMPLETE
    }

    public AgentLoopNode {
        messages = List.copyOf(messages);
        context = List.copyOf(context);
        tools = List.copyOf(tools);
        outputSchema = IrValues.copyOrdered(outputSchema);
    }

    /** Node id of model turn {@code k} (0-based) of the loop step {@code step}: {@code step[k]}. */
    public static String turnNodeId(String step, int turn) {
        return step + "[" + turn + "]";
    }

    /** Node id of tool call {@code j} of turn {@code k}: {@code step[k].tool[j]}. */
    public static String toolCallNodeId(String step, int turn, int call) {
        return turnNodeId(step, turn) + ".tool[" + call + "]";
    }

    /** The offered tool with local name {@code toolName}. */
    public Optional<McpToolSpec> tool(String toolName) {
        return tools.stream().filter(t -> t.name().equals(toolName)).findFirst();
    }
}
