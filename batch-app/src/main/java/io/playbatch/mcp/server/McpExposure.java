package io.playbatch.mcp.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A playbook's {@code metadata.mcp}: whether MCP clients may see and start it ({@code expose},
 * default false) and the JSON Schema of its workload ({@code input_schema}, null when the playbook
 * gives none and the schema is inferred from the workload defaults).
 */
public record McpExposure(boolean exposed, Map<String, Object> inputSchema) {

    public static final McpExposure HIDDEN = new McpExposure(false, null);

    public McpExposure {
        inputSchema = inputSchema == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
    }
}
