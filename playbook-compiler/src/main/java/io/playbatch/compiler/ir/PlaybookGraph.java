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
 */
public record PlaybookGraph(String name, String path, String description, Map<String, String> labels,
        Map<String, Object> workload, List<StepNode> nodes, List<Edge> edges, Object output,
        List<ScheduleSpec> schedules, String sourceFile, String contentHash) {

    public PlaybookGraph {
        labels = Map.copyOf(labels);
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        schedules = List.copyOf(schedules);
    }

    public Optional<StepNode> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    public StepNode start() {
        return nodes.stream().filter(n -> n.kind() == NodeKind.START).findFirst()
                .orElseThrow(() -> new IllegalStateException("graph has no start node"));
    }

    public List<Edge> outgoing(String nodeName) {
        return edges.stream().filter(e -> e.from().equals(nodeName)).toList();
    }

    public List<Edge> incoming(String nodeName) {
        return edges.stream().filter(e -> e.to().equals(nodeName)).toList();
    }
}
