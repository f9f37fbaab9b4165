package io.playbatch.compiler.ir;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated playbook as a graph: the compiler's output and the only thing the Spring Batch
 * assembly and the runtime read. Immutable; nodes are in file order and their names are unique.
 *
 * @param name        {@code metadata.name}
 * @param path        the catalog path, which is also the Spring Batch job name
 * @param workload    the default workload (JSON-like values)
 * @param output      the {@code output} template or value, null when absent
 * @param sourceFile  the file it was compiled from
 * @param contentHash SHA-256 hex of the file's bytes (the catalog revision)
 * @param mcp         the resolved {@code mcp} section (empty when absent)
 * @param mcpExposure {@code metadata.mcp}: whether Playbatch's MCP server may offer this playbook
 * @param recovery    {@code recovery}: whether a run whose manager died is resumed automatically
 */
public record PlaybookGraph(String name, String path, String description, Map<String, String> labels,
        Map<String, Object> workload, List<StepNode> nodes, List<Edge> edges, Object output,
        List<ScheduleSpec> schedules, String sourceFile, String contentHash, McpDefinitions mcp,
        McpExposure mcpExposure, RecoverySpec recovery) {

    public PlaybookGraph {
        labels = Map.copyOf(labels);
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        schedules = List.copyOf(schedules);
        mcp = mcp == null ? McpDefinitions.empty() : mcp;
        mcpExposure = mcpExposure == null ? McpExposure.none() : mcpExposure;
        recovery = recovery == null ? RecoverySpec.defaults() : recovery;
    }

    /** A graph with the default {@code recovery} (resumed automatically, up to three times). */
    public PlaybookGraph(String name, String path, String description, Map<String, String> labels,
            Map<String, Object> workload, List<StepNode> nodes, List<Edge> edges, Object output,
            List<ScheduleSpec> schedules, String sourceFile, String contentHash, McpDefinitions mcp,
            McpExposure mcpExposure) {
        this(name, path, description, labels, workload, nodes, edges, output, schedules, sourceFile, contentHash, mcp,
                mcpExposure, RecoverySpec.defaults());
    }

    /** A graph without an {@code mcp} section, not exposed over MCP. */
    public PlaybookGraph(String name, String path, String description, Map<String, String> labels,
            Map<String, Object> workload, List<StepNode> nodes, List<Edge> edges, Object output,
            List<ScheduleSpec> schedules, String sourceFile, String contentHash) {
        this(name, path, description, labels, workload, nodes, edges, output, schedules, sourceFile, contentHash,
                McpDefinitions.empty(), McpExposure.none(), RecoverySpec.defaults());
    }

    /** The implicit resource nodes ({@code resource:NAME}) that {@code nodeName} reads, in file order. */
    public List<StepNode> resourcesReadBy(String nodeName) {
        return edges.stream().filter(e -> e.kind() == EdgeKind.RESOURCE && e.to().equals(nodeName))
                .map(e -> node(e.from()).orElseThrow()).toList();
    }

    public Optional<StepNode> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    public StepNode start() {
        return nodes.stream().filter(n -> n.kind() == NodeKind.START).findFirst()
                .orElseThrow(() -> new IllegalStateException("graph has no start node"));
    }

    /** The transitions leaving {@code nodeName} (every edge kind but {@link EdgeKind#RESOURCE}). */
    public List<Edge> outgoing(String nodeName) {
        return edges.stream().filter(e -> e.kind() != EdgeKind.RESOURCE && e.from().equals(nodeName)).toList();
    }

    /** The transitions reaching {@code nodeName} (every edge kind but {@link EdgeKind#RESOURCE}). */
    public List<Edge> incoming(String nodeName) {
        return edges.stream().filter(e -> e.kind() != EdgeKind.RESOURCE && e.to().equals(nodeName)).toList();
    }
}
