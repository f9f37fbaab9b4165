package io.playbatch.agent;

import io.playbatch.compiler.ir.AgentLoopNode;
import io.playbatch.compiler.ir.McpToolSpec;
import io.playbatch.compiler.ir.TaskSpec;
import io.playbatch.json.JsonCodec;
import io.playbatch.render.McpTaskRenderer;
import io.playbatch.render.RenderContext;
import io.playbatch.taskmodel.RenderedTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the queue tasks of an agent loop: a {@code model_turn} (the model's settings, the whole
 * transcript, the tool definitions, and on turn 0 the tools whose schema the worker must fetch), and
 * an {@code mcp_tool_call}. A {@code model_turn} carries the transcript, which grows with the square
 * of the turns, so it is bounded by {@code playbatch.mcp.max-transcript-bytes}. Thread-safe.
 */
public final class AgentTasks {

    /** A turn's row outlives the model's own timeout by this much, so the model's timeout is what fires. */
    private static final long TURN_TIMEOUT_MARGIN_MS = 5_000;

    private final McpTaskRenderer tasks;
    private final JsonCodec json;
    private final long maxTranscriptBytes;

    public AgentTasks(McpTaskRenderer tasks, JsonCodec json, long maxTranscriptBytes) {
        this.tasks = tasks;
        this.json = json;
        this.maxTranscriptBytes = maxTranscriptBytes;
    }

    /**
     * The {@code model_turn} task of turn {@code turn} (row {@code turnNode}).
     *
     * @throws AgentLoopFailure {@code agent_transcript_too_large} when its args exceed the bound
     */
    public RenderedTask modelTurn(AgentLoopNode loop, int turn, String turnNode, AgentPrompt prompt,
            AgentTranscript transcript, AgentTools tools, RenderContext context) throws AgentLoopFailure {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("model", prompt.model());
        args.put("messages", transcript.messages());
        args.put("tools", tools.definitions());
        args.put("tool_choice", loop.toolChoice().name().toLowerCase(Locale.ROOT));
        List<Map<String, Object>> discover = new ArrayList<>();
        if (turn == 0) {
            for (McpToolSpec tool : loop.tools()) {
                if (tool.inputSchema() == null || tool.description() == null) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("name", tool.name());
                    entry.put("tool", tool.remoteName());
                    entry.put("server", tasks.server(tool.server(), context));
                    discover.add(entry);
                }
            }
        }
        if (!discover.isEmpty()) {
            args.put("discover", discover);
        }
        long bytes = json.write(args).length();
        if (bytes > maxTranscriptBytes) {
            throw new AgentLoopFailure("agent_transcript_too_large", "turn " + turnNode + " would send " + bytes
                    + " bytes, over playbatch.mcp.max-transcript-bytes " + maxTranscriptBytes
                    + " (fix: lower max_turns, make tools return less, or raise the property)");
        }
        return new RenderedTask(TaskSpec.MODEL_TURN, args, loop.model().timeout().toMillis() + TURN_TIMEOUT_MARGIN_MS);
    }

    /** The {@code mcp_tool_call} task of a valid call; at most once unless the tool is repeatable. */
    public RenderedTask toolCall(McpToolSpec tool, Map<String, Object> arguments, RenderContext context,
            String toolNode) {
        return new RenderedTask(TaskSpec.MCP_TOOL_CALL, tasks.toolArgs(tool, arguments, context, toolNode), null,
                !tool.repeatable());
    }
}
