package io.playbatch.compiler.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The task a step runs, before rendering: the task type and its {@code args} as JSON-like values
 * (maps, lists, strings, numbers, booleans, null) whose strings may be Velocity templates.
 * For a workbook task, {@code args} already holds the step's args merged over the workbook's,
 * and {@code workbookTask} names the workbook entry; otherwise it is null. For a callable of the
 * {@code mcp} section, {@code mcp} is the resolved definition (tool, resource or agent loop) and
 * {@code type} is {@value #MCP_TOOL_CALL}, {@value #MCP_RESOURCE_READ} or {@value #AGENT_LOOP};
 * otherwise {@code mcp} is null.
 */
public record TaskSpec(String type, Map<String, Object> args, String workbookTask, McpCallable mcp) {

    /** Task type of a call of an {@code mcp.tools} entry: the args are the tool's arguments. */
    public static final String MCP_TOOL_CALL = "mcp_tool_call";
    /** Task type of a read of an {@code mcp.resources} entry: the args are its template variables. */
    public static final String MCP_RESOURCE_READ = "mcp_resource_read";
    /** Task type of one model turn of an agent loop (queue items only; no step has it). */
    public static final String MODEL_TURN = "model_turn";
    /** Type of the task of an {@link NodeKind#AGENT_LOOP} step; never queued itself. */
    public static final String AGENT_LOOP = "agent_loop";

    public TaskSpec {
        args = args == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    /** A task that is not an MCP callable. */
    public TaskSpec(String type, Map<String, Object> args, String workbookTask) {
        this(type, args, workbookTask, null);
    }

    public static TaskSpec noop() {
        return new TaskSpec("noop", Map.of(), null);
    }

    /** The tool this task calls, when it is an {@value #MCP_TOOL_CALL}. */
    public Optional<McpToolSpec> mcpTool() {
        return mcp instanceof McpToolSpec tool ? Optional.of(tool) : Optional.empty();
    }

    /** The resource this task reads, when it is an {@value #MCP_RESOURCE_READ}. */
    public Optional<McpResourceSpec> mcpResource() {
        return mcp instanceof McpResourceSpec resource ? Optional.of(resource) : Optional.empty();
    }

    /** The agent loop this task runs, when it is an {@value #AGENT_LOOP}. */
    public Optional<AgentLoopNode> agentLoop() {
        return mcp instanceof AgentLoopNode loop ? Optional.of(loop) : Optional.empty();
    }
}
