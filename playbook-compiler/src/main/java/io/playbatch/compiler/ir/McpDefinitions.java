package io.playbatch.compiler.ir;

import java.util.Map;

/**
 * Everything a playbook's {@code mcp} section declares, resolved (defaults applied, references
 * replaced by the specs they name), by local name in file order. Steps carry the callable they use
 * in their {@link TaskSpec}; this is the whole catalogue (for describing a playbook, and for
 * declarations no step uses). Immutable.
 */
public record McpDefinitions(Map<String, McpServerSpec> servers, Map<String, McpToolSpec> tools,
        Map<String, McpResourceSpec> resources, Map<String, McpModelSpec> models, Map<String, AgentLoopNode> turns) {

    private static final McpDefinitions EMPTY = new McpDefinitions(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public McpDefinitions {
        servers = IrValues.copyOrdered(servers);
        tools = IrValues.copyOrdered(tools);
        resources = IrValues.copyOrdered(resources);
        models = IrValues.copyOrdered(models);
        turns = IrValues.copyOrdered(turns);
    }

    public static McpDefinitions empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return servers.isEmpty() && tools.isEmpty() && resources.isEmpty() && models.isEmpty() && turns.isEmpty();
    }
}
