package io.playbatch.compiler.batch;

import io.playbatch.compiler.batch.TransitionPlan.Decision;
import io.playbatch.compiler.batch.TransitionPlan.End;
import io.playbatch.compiler.batch.TransitionPlan.FlowPlan;
import io.playbatch.compiler.batch.TransitionPlan.Outcome;
import io.playbatch.compiler.batch.TransitionPlan.SplitFlow;
import io.playbatch.compiler.batch.TransitionPlan.StepPlan;
import io.playbatch.compiler.batch.TransitionPlan.Target;
import io.playbatch.compiler.batch.TransitionPlan.ToStep;
import io.playbatch.compiler.batch.TransitionPlan.Transition;
import io.playbatch.compiler.ir.AgentLoopNode;
import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.LoopSpec;
import io.playbatch.compiler.ir.McpResourceSpec;
import io.playbatch.compiler.ir.McpToolSpec;
import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Describes the Spring Batch job that {@link JobGraphAssembler} builds from a graph, for
 * {@code playbatch compile --explain}: the {@link Format#TEXT} form prints the graph's
 * {@link TransitionPlan}, the one the assembler translates, and reads like its builder calls;
 * {@link Format#MERMAID} and {@link Format#DOT} draw the workflow graph. Output is deterministic
 * (golden-tested). Stateless.
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
        TransitionPlan plan = new TransitionPlanner().plan(graph);
        StringBuilder out = new StringBuilder();
        out.append("job ").append(graph.path()).append(" (playbook ").append(graph.name()).append(", ")
                .append(graph.nodes().size()).append(" steps, restartable)\n");
        Printer printer = new Printer(graph, out);
        printer.everyState(plan.everyState());
        printer.flow(plan.flow(), 1);
        return out.toString();
    }

    /** Prints a plan in its walk order, each decision and split under the step it follows. */
    private static final class Printer {
        private final PlaybookGraph graph;
        private final StringBuilder out;

        Printer(PlaybookGraph graph, StringBuilder out) {
            this.graph = graph;
            this.out = out;
        }

        void everyState(List<Transition> transitions) {
            line(1, "every step and split: " + transitions(null, transitions));
        }

        void flow(FlowPlan flow, int depth) {
            line(depth, "flow " + flow.name() + " starts at " + flow.entry());
            for (StepPlan step : flow.steps()) {
                step(step, depth + 1);
            }
        }

        private void step(StepPlan step, int depth) {
            StepNode node = step.node();
            String readers = String.join(" ", graph.edges().stream()
                    .filter(e -> e.kind() == EdgeKind.RESOURCE && e.from().equals(node.name())).map(Edge::to).toList());
            line(depth, describe(node) + (readers.isEmpty() ? "" : " read by " + readers) + ": "
                    + transitions(node, step.transitions()));
            for (Transition transition : step.transitions()) {
                details(transition.to(), depth);
            }
        }

        /**
         * {@code from}: the step they leave, whose {@code on_failure} tells what follows its handler;
         * null for a split.
         */
        private static String transitions(StepNode from, List<Transition> transitions) {
            return String.join(", ", transitions.stream().map(t -> t.on() + " -> " + target(t.to())
                    + (from != null && t.on().equals("FAILED") && t.to() instanceof ToStep
                            ? (from.onFailure().continueRun() ? " (then continue)" : " (then fail)") : "")).toList());
        }

        private static String target(Target target) {
            if (target instanceof ToStep step) {
                return step.step();
            }
            if (target instanceof End end) {
                return end.join() == null ? "end of flow" : "end of flow (join " + end.join() + ")";
            }
            if (target instanceof Decision decision) {
                return "decision after " + decision.after().name();
            }
            if (target instanceof SplitFlow split) {
                return "split [" + String.join(" | ", split.branches().stream().map(FlowPlan::entry).toList())
                        + "] join at " + (split.join() == null ? "the end of the run" : split.join());
            }
            return "fail job";
        }

        /** The lines of a decision or a split, after the line of the step that leads to it. */
        private void details(Target target, int depth) {
            if (target instanceof Decision decision) {
                line(depth, target(decision) + ": " + String.join(" | ", decision.outcomes().stream()
                        .map(o -> outcome(o) + " -> " + target(o.to())).toList()));
                for (Outcome outcome : decision.outcomes()) {
                    details(outcome.to(), depth);
                }
            } else if (target instanceof SplitFlow split) {
                line(depth, target(split) + ": " + transitions(null, split.transitions()));
                for (FlowPlan branch : split.branches()) {
                    flow(branch, depth + 1);
                }
            }
        }

        private static String outcome(Outcome outcome) {
            if (outcome.edge() == null) {
                return "none";
            }
            return outcome.edge().kind() == EdgeKind.ELSE ? "else"
                    : "case " + outcome.edge().caseIndex() + " \"" + outcome.edge().condition() + "\"";
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
            case BEAN -> "bean step " + node.name() + " (bean " + node.task().args().get("bean") + extras(node) + ")";
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
