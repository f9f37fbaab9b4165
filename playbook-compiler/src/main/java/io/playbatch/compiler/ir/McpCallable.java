package io.playbatch.compiler.ir;

/**
 * A callable declared in a playbook's {@code mcp} section that a step can name with
 * {@code task: NAME}: a tool, a resource or a {@code turns} entry (an agent loop). Carried by the
 * {@link TaskSpec} of the step so the runtime renders and runs it without re-reading the YAML.
 * Tools, resources, turns and workbook tasks share one namespace.
 */
public sealed interface McpCallable permits McpToolSpec, McpResourceSpec, AgentLoopNode {

    /** The local name in the playbook ({@code mcp.tools.NAME}, {@code mcp.resources.NAME}, {@code mcp.turns.NAME}). */
    String name();
}
