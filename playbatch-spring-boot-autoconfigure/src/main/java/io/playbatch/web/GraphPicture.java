package io.playbatch.web;

import io.playbatch.compiler.batch.JobGraphExplainer;
import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The playbook's workflow graph as the console draws it in SVG, from the compiled IR: the nodes and
 * edges {@code compile --explain --format mermaid} prints, labelled the same way
 * ({@link JobGraphExplainer#kindLabel}), in a layered layout: a node's layer is the length of the
 * longest path from {@code start} to it (a back edge does not push it down), nodes of a layer side
 * by side in playbook order. Each node carries a status when one is given (an execution's steps).
 * Pure geometry, no queries.
 */
public record GraphPicture(List<Node> nodes, List<Link> links, int width, int height) {

    public static final int NODE_WIDTH = 170;
    public static final int NODE_HEIGHT = 38;
    static final int COLUMN = NODE_WIDTH + 30;
    static final int ROW = NODE_HEIGHT + 46;
    static final int MARGIN = 12;

    /** A box: step name, what it does, its kind ({@code start}, {@code loop}...), status (or null) and position. */
    public record Node(String name, String label, String kind, String status, int x, int y) {
    }

    /** An arrow from the bottom of one box to the top of another, with its kind and label (a condition, else, on_failure). */
    public record Link(String from, String to, String kind, String label, int x1, int y1, int x2, int y2) {

        /** Where the label is written: along the arrow, a little past its start. */
        public int labelX() {
            return x1 + (x2 - x1) / 3 + 4;
        }

        public int labelY() {
            return y1 + (y2 - y1) / 3;
        }
    }

    public GraphPicture {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
    }

    /** The picture of {@code graph}, each step coloured by its status in {@code statuses} (empty: none). */
    public static GraphPicture of(PlaybookGraph graph, Map<String, String> statuses) {
        Map<String, Integer> layers = layers(graph);
        Map<Integer, Integer> perLayer = new HashMap<>();
        Map<String, Node> placed = new LinkedHashMap<>();
        for (StepNode node : graph.nodes()) {
            int layer = layers.getOrDefault(node.name(), 0);
            int column = perLayer.merge(layer, 1, Integer::sum) - 1;
            boolean terminal = node.kind() == NodeKind.START || node.kind() == NodeKind.END;
            placed.put(node.name(), new Node(node.name(), terminal ? "" : JobGraphExplainer.kindLabel(node),
                    node.isImplicitResource() ? "resource" : node.kind().name().toLowerCase(Locale.ROOT),
                    statuses.get(node.name()), MARGIN + column * COLUMN, MARGIN + layer * ROW));
        }
        List<Link> links = new ArrayList<>();
        for (Edge edge : graph.edges()) {
            Node from = placed.get(edge.from());
            Node to = placed.get(edge.to());
            if (from == null || to == null) {
                continue;
            }
            String label = switch (edge.kind()) {
                case WHEN -> edge.condition();
                case ELSE -> "else";
                case ON_FAILURE -> "on_failure";
                default -> "";
            };
            links.add(new Link(edge.from(), edge.to(), edge.kind().name().toLowerCase(Locale.ROOT),
                    label.length() > 28 ? label.substring(0, 27) + "…" : label, from.x() + NODE_WIDTH / 2,
                    from.y() + NODE_HEIGHT, to.x() + NODE_WIDTH / 2, to.y()));
        }
        int columns = perLayer.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int layerCount = layers.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        return new GraphPicture(List.copyOf(placed.values()), links, 2 * MARGIN + columns * COLUMN - 30,
                2 * MARGIN + layerCount * ROW - 46);
    }

    /**
     * Longest-path layers from {@code start}, relaxed at most once per node so that a cycle cannot
     * push a node down forever; resource nodes and anything unreachable sit in the first layer below start.
     */
    private static Map<String, Integer> layers(PlaybookGraph graph) {
        Map<String, Integer> layers = new HashMap<>();
        graph.nodes().forEach(node -> layers.put(node.name(), node.kind() == NodeKind.START ? 0 : 1));
        for (int pass = 0; pass < graph.nodes().size(); pass++) {
            boolean changed = false;
            for (Edge edge : graph.edges()) {
                Integer from = layers.get(edge.from());
                Integer to = layers.get(edge.to());
                if (from != null && to != null && to < from + 1 && to < graph.nodes().size()) {
                    layers.put(edge.to(), from + 1);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return layers;
    }
}
