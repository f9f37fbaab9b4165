package io.playbatch.compiler.ir;

import java.util.Map;

/**
 * {@code metadata.mcp}: whether Playbatch's own MCP server may list and start this playbook
 * ({@code expose}, default false: opt-in per playbook) and the JSON Schema of its workload that
 * {@code describe_playbook} returns ({@code inputSchema}, null when not given). Immutable.
 */
public record McpExposure(boolean expose, Map<String, Object> inputSchema) {

    private static final McpExposure NONE = new McpExposure(false, null);

    public McpExposure {
        inputSchema = IrValues.copyOrdered(inputSchema);
    }

    /** Not exposed, no input schema: the default of a playbook without {@code metadata.mcp}. */
    public static McpExposure none() {
        return NONE;
    }
}
