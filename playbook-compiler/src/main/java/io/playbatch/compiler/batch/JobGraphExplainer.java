package io.playbatch.compiler.batch;

import io.playbatch.compiler.ir.AgentLoopNode;
import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.GraphAnalysis;
import io.playbatch.compiler.ir.LoopSpec;
import io.playbatch.compiler.ir.McpResourceSpec;
import io.playbatch.compiler.ir.McpToolSpec;
import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.Split;
import io.playbatch.compiler.ir.StepNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Describes the Spring Batch job that {@link JobGraphAssembler} builds from a graph, for
 * {@code playbatch compile --explain}: the {@link Format#TEXT} form walks the flows in the same
 * order as the assembler and reads like its builder calls; {@link Format#MERMAID} and
 * {@link Format#DOT} draw the workflow graph. Output is deterministic (golden-tested). Stateless.
 */
public final class JobGraphExplainer {

    /** The output formats of {@code --explain}. */
    public enum Format { TEXT, MERMAID, DOT }

    public String explain(PlaybookGraph graph, Format format) {
        return switch (format) {
            case TEXT -> text(graph);
            case MERMAID -> mermaid(graph);
            case DOT -> dot(graph);
        };
    }

    /** The text form: one line per step, decision and split, indented by flow. */
    public String text(PlaybookGraph graph) {
        GraphAnalysis analysis = GraphAnalysis.of(graph);
        if (!analysis.problems().isEmpty()) {
            throw new IllegalArgumentException("playbook " + graph.path() + " has structural problems: "
                    + analysis.problems().get(0).message());
        }
        StringBuilder out = new StringBuilder();
        out.append("job ").append(graph.path()).append(" (playbook ").append(graph.name()).append(", ")
                .append(graph.nodes().size()).append(" steps, restartable)\n");
        new Walk(graph, analysis, out).region(graph.path(), graph.start().name(), null, 1);
        return out.toString();
    }

    private static final class Walk {
        private final PlaybookGraph graph;
        private final GraphAnalysis analysis;
        private final StringBuilder out;

        Walk(PlaybookGraph graph, GraphAnalysis analysis, StringBuilder out) {
            this.graph = graph;
            this.analysis = analysis;
            this.out = out;
        }

        void region(String name, String entry, String stop, int depth) {
            line(depth, "flow " + name + " starts at " + entry);
            Deque<String> pending = new ArrayDeque<>(List.of(entry));
            Set<String> done = new HashSet<>();
            while (!pending.isEmpty()) {
                String current = pending.poll();
                if (done.add(current)) {
                    node(current, stop, pending, depth + 1);
                }
            }
        }

        private void node(String name, String stop, Deque<String> pending, int depth) {
            StepNode node = graph.node(name).orElseThrow();
            List<Edge> out = graph.outgoing(name);
            List<String> transitions = new ArrayList<>();
            Edge failure = out.stream().filter(e -> e.kind() == EdgeKind.ON_FAILURE).findFirst().orElse(null);
            if (failure != null) {
                transitions.add("FAILED -> " + failure.to() + (node.onFailure().continueRun()
                        ? " (then continue)" : " (then fail)"));
                pending.add(failure.to());
            } else {
                transitions.add("FAILED -> fail job");
            }
            List<Edge> next = out.stream().filter(e -> e.kind() == EdgeKind.NEXT).toList();
            List<Edge> cases = out.stream().filter(e -> e.kind() == EdgeKind.WHEN || e.kind() == EdgeKind.ELSE).toList();
            List<Runnable> after = new ArrayList<>();
            if (!cases.isEmpty()) {
                transitions.add("* -> decision after " + name);
                List<String> parts = new ArrayList<>();
                Set<Integer> seen = new LinkedHashSet<>();
                boolean hasElse = false;
                for (Edge edge : cases) {
                    if (seen.add(edge.caseIndex())) {
                        List<String> targets = cases.stream().filter(e -> e.caseIndex() == edge.caseIndex())
                                .map(Edge::to).distinct().toList();
                        hasElse |= edge.kind() == EdgeKind.ELSE;
                        String head = edge.kind() == EdgeKind.ELSE ? "else"
                                : "case " + edge.caseIndex() + " \"" + edge.condition() + "\"";
                        parts.add(head + " -> " + target(name, edge.caseIndex(), targets, stop, pending, after, depth));
                    }
                }
                if (!hasElse) {
                    parts.add("none -> end of flow");
                }
                after.add(0, () -> line(depth, "decision after " + name + ": " + String.join(" | ", parts)));
            } else if (!next.isEmpty()) {
                transitions.add("* -> " + target(name, -1, next.stream().map(Edge::to).distinct().toList(), stop,
                        pending, after, depth));
            } else if (endsRunFailed(name)) {
                transitions.add("* -> fail job");
            } else {
                transitions.add("* -> end of flow");
            }
            String readers = String.join(" ", graph.edges().stream()
                    .filter(e -> e.kind() == EdgeKind.RESOURCE && e.from().equals(name)).map(Edge::to).toList());
            line(depth, describe(node) + (readers.isEmpty() ? "" : " read by " + readers) + ": "
                    + String.join(", ", transitions));
            after.forEach(Runnable::run);
        }

        private String target(String from, int caseIndex, List<String> targets, String stop, Deque<String> pending,
                List<Runnable> after, int depth) {
            if (targets.size() == 1) {
                String target = targets.get(0);
                if (target.equals(stop)) {
                    return "end of flow (join " + stop + ")";
                }
                pending.add(target);
                return target;
            }
            Split split = analysis.splits().stream()
                    .filter(s -> s.from().equals(from) && s.caseIndex() == caseIndex).findFirst().orElseThrow();
            String join = split.join() == null ? "the end of the run" : split.join();
            String label = "split [" + String.join(" | ", split.branches()) + "] join at " + join;
            String branchStop = split.join() != null ? split.join() : stop;
            after.add(() -> {
                line(depth, label + ": FAILED -> fail job, * -> "
                        + (split.join() == null || split.join().equals(stop) ? "end of flow" : split.join()));
                for (String branch : split.branches()) {
                    region(graph.path() + "/" + branch, branch, branchStop, depth + 1);
                }
            });
            if (split.join() != null && !split.join().equals(stop)) {
                pending.add(split.join());
            }
            return label;
        }

        private boolean endsRunFailed(String name) {
            return graph.incoming(name).stream().anyMatch(e -> e.kind() == EdgeKind.ON_FAILURE
                    && graph.node(e.from()).map(f -> f.onFailure() != null && !f.onFailure().continueRun())
                            .orElse(false));
        }

        private void line(int depth, String text) {
            out.append("  ".repeat(depth)).append(text).append('\n');
        }
    }

    static String describe(StepNode node) {
        return switch (node.kind()) {
            case START -> "step start (router)";
            case END -> "step end (end)";
            case LOOP -> {
                LoopSpec loop = node.loop();
                String mode = loop.mode() == LoopSpec.Mode.PARALLEL ? "parallel max " + loop.maxParallel() : "sequential";
                yield "partitioned step " + node.name() + " (loop over " + loop.over() + " as " + loop.as() + ", "
                        + mode + ", worker " + node.name() + JobGraphAssembler.PARTITION_SUFFIX + ", task "
                        + task(node) + extras(node) + ")";
            }
            case CHUNK -> "chunk step " + node.name() + " (reader " + part(node.task().args().get("reader"))
                    + ", writer " + part(node.task().args().get("writer")) + chunkSize(node) + extras(node) + ")";
            case SUB_PLAYBOOK -> "job step " + node.name() + " (child playbook " + node.task().args().get("path")
                    + extras(node) + ")";
            case TASK -> "step " + node.name() + " (" + task(node) + extras(node) + ")";
            case AGENT_LOOP -> "agent loop step " + node.name() + " (" + agentLoop(node.agentLoop().orElseThrow())
                    + extras(node) + ")";
        };
    }

    private static String task(StepNode node) {
        if (node.task().mcp() instanceof McpToolSpec tool) {
            return node.task().type() + " " + tool.name() + " (tool " + tool.remoteName() + " on " + tool.server().name()
                    + (tool.readOnly() ? ", read_only" : tool.idempotent() ? ", idempotent" : "") + ")";
        }
        if (node.task().mcp() instanceof McpResourceSpec resource) {
            return node.task().type() + " " + resource.name() + " (" + (resource.uri() != null ? resource.uri()
                    : resource.uriTemplate()) + " on " + resource.server().name() + ")";
        }
        return node.task().workbookTask() == null ? node.task().type()
                : node.task().type() + " from workbook " + node.task().workbookTask();
    }

    private static String agentLoop(AgentLoopNode loop) {
        StringBuilder text = new StringBuilder("turns ").append(loop.name()).append(", model ")
                .append(loop.model().name()).append(", max ").append(loop.maxTurns()).append(" turns and ")
                .append(loop.maxToolCalls()).append(" tool calls, on limit ")
                .append(loop.onLimit().name().toLowerCase());
        if (!loop.tools().isEmpty()) {
            text.append(", tools ").append(String.join(" ", loop.tools().stream().map(McpToolSpec::name).toList()));
        }
        if (!loop.context().isEmpty()) {
            text.append(", context ").append(String.join(" ",
                    loop.context().stream().map(McpResourceSpec::name).toList()));
        }
        return text.toString();
    }

    /** A chunk part is a task definition ({@code {type: sql, ...}}) or a name; show its type. */
    private static String part(Object definition) {
        return definition instanceof Map<?, ?> map && map.get("type") != null ? String.valueOf(map.get("type"))
                : String.valueOf(definition);
    }

    private static String chunkSize(StepNode node) {
        Object size = node.task().args().get("chunk_size");
        return size == null ? "" : ", chunk size " + size;
    }

    private static String extras(StepNode node) {
        StringBuilder extras = new StringBuilder();
        if (node.retry().maxAttempts() > 1) {
            extras.append(", retry ").append(node.retry().maxAttempts()).append(" attempts");
        }
        if (node.timeout() != null) {
            extras.append(", timeout ").append(duration(node.timeout()));
        }
        if (node.save() != null) {
            extras.append(", save to ").append(node.save().get("to"));
        }
        return extras.toString();
    }

    private static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** A Mermaid flowchart of the workflow graph. */
    public String mermaid(PlaybookGraph graph) {
        StringBuilder out = new StringBuilder("flowchart TD\n");
        for (StepNode node : graph.nodes()) {
            String label = node.name() + (node.kind() == NodeKind.START || node.kind() == NodeKind.END ? ""
                    : ": " + kindLabel(node));
            String shape = switch (node.kind()) {
                case START, END -> "([\"" + label + "\"])";
                case LOOP -> "[[\"" + label + "\"]]";
                case SUB_PLAYBOOK -> "[/\"" + label + "\"/]";
                case AGENT_LOOP -> "{{\"" + label + "\"}}";
                default -> node.isImplicitResource() ? "[(\"" + label + "\")]" : "[\"" + label + "\"]";
            };
            out.append("  ").append(id(node.name())).append(shape).append('\n');
        }
        for (Edge edge : graph.edges()) {
            String from = id(edge.from());
            String to = id(edge.to());
            out.append("  ").append(switch (edge.kind()) {
                case NEXT -> from + " --> " + to;
                case WHEN -> from + " -- \"" + mermaidText(edge.condition()) + "\" --> " + to;
                case ELSE -> from + " -- else --> " + to;
                case ON_FAILURE -> from + " -. on_failure .-> " + to;
                case RESOURCE -> from + " -. resource .-> " + to;
            }).append('\n');
        }
        return out.toString();
    }

    /** A Graphviz digraph of the workflow graph. */
    public String dot(PlaybookGraph graph) {
        StringBuilder out = new StringBuilder("digraph \"" + dotText(graph.path()) + "\" {\n  rankdir=TB;\n");
        for (StepNode node : graph.nodes()) {
            String shape = switch (node.kind()) {
                case START, END -> "oval";
                case LOOP -> "box3d";
                case SUB_PLAYBOOK -> "component";
                case AGENT_LOOP -> "hexagon";
                default -> node.isImplicitResource() ? "cylinder" : "box";
            };
            String label = node.kind() == NodeKind.START || node.kind() == NodeKind.END ? node.name()
                    : node.name() + "\\n" + dotText(kindLabel(node));
            out.append("  \"").append(node.name()).append("\" [shape=").append(shape).append(", label=\"")
                    .append(label).append("\"];\n");
        }
        for (Edge edge : graph.edges()) {
            out.append("  \"").append(edge.from()).append("\" -> \"").append(edge.to()).append('"');
            switch (edge.kind()) {
                case WHEN -> out.append(" [label=\"").append(dotText(edge.condition())).append("\"]");
                case ELSE -> out.append(" [label=\"else\"]");
                case ON_FAILURE -> out.append(" [label=\"on_failure\", style=dashed, color=red]");
                case RESOURCE -> out.append(" [label=\"resource\", style=dotted]");
                default -> { }
            }
            out.append(";\n");
        }
        return out.append("}\n").toString();
    }

    /**
     * What a step does, as every drawing of the graph labels it ({@code http}, {@code loop log},
     * {@code mcp_tool lookup_customer}); the web console's picture uses it too.
     */
    public static String kindLabel(StepNode node) {
        String type = node.task().mcp() == null ? node.task().type() : node.task().type() + " " + node.task().mcp().name();
        return node.kind() == NodeKind.LOOP ? "loop " + type : type;
    }

    private static String id(String name) {
        // `resource:NAME` nodes: Mermaid ids allow no colon.
        return "n_" + name.replace(':', '_');
    }

    private static String mermaidText(String text) {
        return text.replace("\"", "#quot;");
    }

    private static String dotText(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

}
