package io.playbatch.compiler.convert;

import static io.playbatch.compiler.convert.YamlEdits.get;
import static io.playbatch.compiler.convert.YamlEdits.remove;
import static io.playbatch.compiler.convert.YamlEdits.scalar;
import static io.playbatch.compiler.convert.YamlEdits.scalarNode;
import static io.playbatch.compiler.convert.YamlEdits.text;

import io.playbatch.compiler.convert.Translation.Translated;
import io.playbatch.compiler.convert.Translation.Untranslatable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The mechanical rules of docs/migration.md, applied in place to one v1 playbook's node tree, in
 * the order the guide lists them. What a rule cannot finish becomes a TODO in {@link TodoList}.
 * One instance per conversion; not thread-safe.
 */
final class PlaybookRewrite {

    static final String API_VERSION = "playbatch.io/v2";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*[A-Za-z_][A-Za-z0-9_]*\\s*}}");
    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "workload", "workbook",
            "workflow", "output", "schedules", "mcp", "recovery");
    private static final Set<String> METADATA = Set.of("name", "path", "description", "labels", "mcp");
    private static final Set<String> ROUTER_KEYS = Set.of("step", "desc", "next");

    private final MappingNode root;
    private final TodoList todos;
    private final JinjaTranslator jinja = new JinjaTranslator();
    private final List<MappingNode> steps = new ArrayList<>();
    private final Set<String> stepNames = new HashSet<>();
    private final Map<String, String> workbookTypes = new HashMap<>();
    private final Set<String> loopNames = new HashSet<>();

    private final String defaultName;
    private final ChildOutputs children;

    /**
     * {@code defaultName}: the playbook's name when the file gives none (the converter passes the file's
     * name); {@code children}: what the other files converted with this one ask of it, and it of them.
     */
    PlaybookRewrite(MappingNode root, TodoList todos, String defaultName, ChildOutputs children) {
        this.root = root;
        this.todos = todos;
        this.defaultName = defaultName;
        this.children = children;
    }

    void apply() {
        Optional<String> catalogPath = ChildOutputs.catalogPath(root);
        header();
        Optional<SequenceNode> workflow = get(root, "workflow").filter(SequenceNode.class::isInstance)
                .map(SequenceNode.class::cast);
        List<MappingNode> workbook = items(get(root, "workbook"));
        workflow.ifPresent(w -> steps.addAll(items(Optional.of(w))));
        steps.forEach(step -> scalar(step, "step").ifPresent(stepNames::add));
        steps.forEach(this::normalizeTool);
        workbook.forEach(this::normalizeTool);
        workbook.forEach(e -> scalar(e, "name").ifPresent(n -> workbookTypes.put(n, scalar(e, "type").orElse(""))));
        steps.forEach(this::loop);
        Map<String, List<EdgeInput>> edgeInputs = new LinkedHashMap<>();
        steps.forEach(step -> next(step, edgeInputs));
        moveEdgeInputs(edgeInputs);
        workflow.ifPresent(this::startAndEndTasks);
        steps.forEach(this::step);
        workbook.forEach(this::workbookEntry);
        get(root, "workload").ifPresent(w -> workloadTemplates(w, root.getValue().get(YamlEdits.indexOf(root, "workload")).getKeyNode()));
        catalogPath.ifPresent(this::outputForParents);
    }

    // --- return_step: the child's output ------------------------------------------------------------

    /** A parent's {@code return_step}: dropped when the child, converted in the same batch, outputs that step. */
    private void returnStep(MappingNode holder) {
        Optional<NodeTuple> tuple = remove(holder, "return_step");
        if (tuple.isEmpty()) {
            return;
        }
        String step = String.valueOf(text(tuple.get().getValueNode()));
        Optional<String> child = scalar(holder, "path");
        if (child.flatMap(children::outputOf).filter(step::equals).isPresent()) {
            return;
        }
        String why = child.filter(children::inBatch).isPresent()
                ? "its parents ask `" + child.get() + "` for different steps " + children.askedOf(child.get())
                        + ", and v2 hands every parent the same `output`: make the child's `output` a map of those"
                        + " steps' data and read the key each parent needs"
                : "v2 hands the parent the child's `output`: set `output: \"$steps." + step + ".data\"` in the child"
                        + " playbook, or convert the child in the same `playbatch convert` and it is set for you";
        todos.add(TaskArguments.keyAfter(holder, "type"), YamlEdits.line(tuple.get().getKeyNode()), TodoKind.RETURN_STEP, "`return_step: " + step + "`", why);
    }

    /** This file as a child: the {@code output} its parents' {@code return_step} asks for. */
    private void outputForParents(String catalogPath) {
        Optional<String> step = children.outputOf(catalogPath);
        if (step.isEmpty()) {
            return;
        }
        String wanted = "$steps." + step.get() + ".data";
        Node workflowKey = YamlEdits.tuple(root, "workflow").map(NodeTuple::getKeyNode)
                .orElse(root.getValue().get(0).getKeyNode());
        Optional<NodeTuple> output = YamlEdits.tuple(root, "output");
        if (!stepNames.contains(step.get())) {
            todos.add(workflowKey, TodoKind.RETURN_STEP, "a parent's `return_step: " + step.get() + "`",
                    "this playbook has no step `" + step.get() + "`: set `output` to the data the parents should receive");
        } else if (output.isPresent() && !wanted.equals(text(output.get().getValueNode()))) {
            todos.add(output.get().getKeyNode(), TodoKind.RETURN_STEP, "`output` and a parent's `return_step: "
                    + step.get() + "`", "v2 hands the parent this `output`: make it `" + wanted + "`, or have the"
                            + " parents read what it gives");
        } else {
            YamlEdits.put(root, "output", new ScalarNode(Tag.STR, wanted, ScalarStyle.DOUBLE_QUOTED));
        }
    }

    // --- apiVersion, kind and metadata -------------------------------------------------------------

    private void header() {
        YamlEdits.insert(root, 0, "apiVersion", scalarNode(API_VERSION));
        YamlEdits.insert(root, 1, "kind", scalarNode("Playbook"));
        MappingNode metadata = YamlEdits.mapping(root, "metadata").orElseGet(() -> {
            MappingNode created = YamlEdits.mappingNode(FlowStyle.BLOCK);
            YamlEdits.insert(root, 2, "metadata", created);
            return created;
        });
        for (String[] move : new String[][] {{"name", "name"}, {"path", "path"}, {"description", "description"},
                {"desc", "description"}}) {
            remove(root, move[0]).ifPresent(t -> {
                if (YamlEdits.tuple(metadata, move[1]).isEmpty()) {
                    YamlEdits.put(metadata, move[1], t.getValueNode());
                }
            });
        }
        if (YamlEdits.tuple(metadata, "name").isEmpty()) {
            YamlEdits.insert(metadata, 0, "name", scalarNode(defaultName));
        }
        scalar(metadata, "name").filter(n -> !NAME.matcher(n).matches())
                .ifPresent(n -> YamlEdits.put(metadata, "name", scalarNode(identifier(n))));
        for (NodeTuple tuple : List.copyOf(metadata.getValue())) {
            String key = text(tuple.getKeyNode());
            if (!METADATA.contains(key)) {
                if (tuple.getValueNode() instanceof ScalarNode value) {
                    remove(metadata, key);
                    MappingNode labels = YamlEdits.mapping(metadata, "labels").orElseGet(() -> {
                        MappingNode created = YamlEdits.mappingNode(FlowStyle.BLOCK);
                        YamlEdits.put(metadata, "labels", created);
                        return created;
                    });
                    YamlEdits.put(labels, key, new ScalarNode(Tag.STR, value.getValue(), value.getScalarStyle()));
                } else {
                    todos.add(tuple.getKeyNode(), TodoKind.UNKNOWN_KEY, "`metadata." + key + "`",
                            "v2 metadata has name, path, description, labels and mcp only: move it into `labels` or remove it");
                }
            }
        }
        for (NodeTuple tuple : root.getValue()) {
            String key = text(tuple.getKeyNode());
            if (!TOP_LEVEL.contains(key)) {
                todos.add(tuple.getKeyNode(), TodoKind.UNKNOWN_KEY, "top-level `" + key + "`",
                        "v2 has no such top-level key: move its values into the workload or remove it");
            }
        }
    }

    private static String identifier(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return lower.matches("[a-z].*") ? lower : "p_" + lower;
    }

    // --- tool: X, tool: {kind: X, ...} -------------------------------------------------------------

    private void normalizeTool(MappingNode holder) {
        int at = YamlEdits.indexOf(holder, "tool");
        if (at < 0) {
            return;
        }
        NodeTuple tool = holder.getValue().remove(at);
        if (tool.getValueNode() instanceof MappingNode spec) {
            YamlEdits.insert(holder, at, "type", YamlEdits.get(spec, "kind").orElse(scalarNode("noop")));
            int next = at + 1;
            for (NodeTuple entry : spec.getValue()) {
                if (!"kind".equals(text(entry.getKeyNode())) && YamlEdits.tuple(holder, text(entry.getKeyNode())).isEmpty()) {
                    holder.getValue().add(next++, entry);
                }
            }
        } else {
            YamlEdits.insert(holder, at, "type", tool.getValueNode());
        }
        holder.getValue().get(at).getKeyNode().setBlockComments(tool.getKeyNode().getBlockComments());
    }

    // --- loops --------------------------------------------------------------------------------------

    private void loop(MappingNode step) {
        YamlEdits.mapping(step, "loop").ifPresent(loop -> {
            YamlEdits.rename(loop, "in", "over");
            YamlEdits.rename(loop, "collection", "over");
            YamlEdits.rename(loop, "iterator", "as");
            YamlEdits.rename(loop, "element", "as");
            scalar(loop, "as").ifPresent(loopNames::add);
        });
        if (!scalar(step, "type").filter("iterator"::equals).isPresent()) {
            return;
        }
        int at = YamlEdits.indexOf(step, "type");
        NodeTuple type = step.getValue().remove(at);
        MappingNode loop = YamlEdits.mappingNode(FlowStyle.FLOW);
        remove(step, "collection").ifPresent(t -> YamlEdits.put(loop, "over", t.getValueNode()));
        remove(step, "element").ifPresent(t -> YamlEdits.put(loop, "as", t.getValueNode()));
        remove(step, "mode").ifPresent(t -> YamlEdits.put(loop, "mode", t.getValueNode()));
        scalar(loop, "as").ifPresent(loopNames::add);
        YamlEdits.insert(step, at, "loop", loop);
        step.getValue().get(at).getKeyNode().setBlockComments(type.getKeyNode().getBlockComments());
        Optional<MappingNode> inner = YamlEdits.mapping(step, "task");
        if (inner.isPresent()) {
            remove(step, "task");
            normalizeTool(inner.get());
            int next = at + 1;
            for (NodeTuple entry : inner.get().getValue()) {
                String key = text(entry.getKeyNode());
                boolean label = key.equals("task") && entry.getValueNode() instanceof ScalarNode
                        && !scalar(inner.get(), "type").filter("workbook"::equals).isPresent();
                if (!label && YamlEdits.tuple(step, key).isEmpty()) {
                    step.getValue().add(next++, entry);
                }
            }
        }
    }

    // --- next -------------------------------------------------------------------------------------

    private record EdgeInput(String source, String target, MappingNode inputs, Node nextKey) {
    }

    private void next(MappingNode step, Map<String, List<EdgeInput>> edgeInputs) {
        Optional<NodeTuple> tuple = YamlEdits.tuple(step, "next");
        if (tuple.isEmpty()) {
            return;
        }
        String source = scalar(step, "step").orElse("?");
        Node keyNode = tuple.get().getKeyNode();
        Node value = tuple.get().getValueNode();
        List<Node> entries;
        if (value instanceof ScalarNode name) {
            YamlEdits.put(step, "next", YamlEdits.flowList(List.of(name.getValue())));
            return;
        } else if (value instanceof MappingNode arcs && YamlEdits.get(arcs, "arcs").isPresent()) {
            entries = items(YamlEdits.get(arcs, "arcs")).stream().map(Node.class::cast).toList();
            if (scalar(YamlEdits.mapping(arcs, "spec").orElse(YamlEdits.mappingNode(FlowStyle.FLOW)), "mode")
                    .filter("inclusive"::equals).isPresent()
                    && entries.stream().anyMatch(e -> e instanceof MappingNode m && YamlEdits.get(m, "when").isPresent())) {
                todos.add(keyNode, TodoKind.NEXT_FORM, "`next.spec.mode: inclusive` with conditions",
                        "v2 takes the first case whose `when` holds: split the step, or write one case per combination");
                return;
            }
        } else if (value instanceof SequenceNode list) {
            entries = list.getValue();
        } else {
            todos.add(keyNode, TodoKind.NEXT_FORM, "`next` of `" + source + "`", "write a list of step names");
            return;
        }
        List<String> plain = new ArrayList<>();
        List<MappingNode> cases = new ArrayList<>();
        for (Node entry : entries) {
            if (entry instanceof ScalarNode name) {
                plain.add(name.getValue());
            } else if (entry instanceof MappingNode map && YamlEdits.get(map, "when").isPresent()) {
                Node then = YamlEdits.get(map, "then").orElseGet(() -> map);
                MappingNode v2 = YamlEdits.mappingNode(FlowStyle.BLOCK);
                YamlEdits.put(v2, "when", YamlEdits.get(map, "when").get());
                YamlEdits.put(v2, "then", YamlEdits.flowList(targets(then, source, keyNode, edgeInputs)));
                cases.add(v2);
            } else if (entry instanceof MappingNode map && YamlEdits.get(map, "else").isPresent()) {
                MappingNode v2 = YamlEdits.mappingNode(FlowStyle.BLOCK);
                YamlEdits.put(v2, "else", YamlEdits.flowList(targets(YamlEdits.get(map, "else").get(), source, keyNode,
                        edgeInputs)));
                cases.add(v2);
            } else if (entry instanceof MappingNode map && YamlEdits.get(map, "step").isPresent()) {
                plain.addAll(targets(map, source, keyNode, edgeInputs));
            } else {
                todos.add(keyNode, TodoKind.NEXT_FORM, "an entry of `next` of `" + source + "`",
                        "each entry is a step name, or a case with `when`/`then`, or a last `else`");
                return;
            }
        }
        if (cases.isEmpty()) {
            YamlEdits.put(step, "next", YamlEdits.flowList(plain));
            return;
        }
        if (!plain.isEmpty()) {
            MappingNode otherwise = YamlEdits.mappingNode(FlowStyle.BLOCK);
            YamlEdits.put(otherwise, "else", YamlEdits.flowList(plain));
            cases.add(otherwise);
        }
        YamlEdits.put(step, "next", new SequenceNode(Tag.SEQ, new ArrayList<>(cases), FlowStyle.BLOCK));
    }

    /** The step names of a v1 target list ({@code - step: X}, with inputs or not), recording edge inputs. */
    private List<String> targets(Node node, String source, Node nextKey, Map<String, List<EdgeInput>> edgeInputs) {
        List<String> names = new ArrayList<>();
        List<Node> entries = node instanceof SequenceNode list ? list.getValue() : List.of(node);
        for (Node entry : entries) {
            if (entry instanceof ScalarNode name) {
                names.add(name.getValue());
            } else if (entry instanceof MappingNode map && scalar(map, "step").isPresent()) {
                String target = scalar(map, "step").get();
                names.add(target);
                MappingNode inputs = TaskArguments.takeInputs(map);
                if (!inputs.getValue().isEmpty()) {
                    edgeInputs.computeIfAbsent(target, t -> new ArrayList<>()).add(new EdgeInput(source, target, inputs, nextKey));
                }
            }
        }
        return names;
    }

    /** Inputs written on a `next` edge become the target's own when it has one predecessor. */
    private void moveEdgeInputs(Map<String, List<EdgeInput>> edgeInputs) {
        Map<String, Integer> predecessors = new HashMap<>();
        steps.forEach(step -> YamlEdits.get(step, "next").ifPresent(next -> nextTargets(next)
                .forEach(t -> predecessors.merge(t, 1, Integer::sum))));
        edgeInputs.forEach((target, inputs) -> {
            Optional<MappingNode> step = stepNamed(target);
            if (step.isEmpty()) {
                return;
            }
            MappingNode own = ownInputs(step.get());
            for (EdgeInput edge : inputs) {
                boolean same = edge.inputs().getValue().stream().allMatch(e -> YamlEdits.get(own, text(e.getKeyNode()))
                        .map(v -> sameValue(v, e.getValueNode())).orElse(false));
                if (same) {
                    continue;
                }
                if (predecessors.getOrDefault(target, 0) == 1) {
                    edge.inputs().getValue().forEach(e -> YamlEdits.put(own, text(e.getKeyNode()), e.getValueNode()));
                } else {
                    todos.add(edge.nextKey(), TodoKind.EDGE_INPUTS, "inputs on the edge `" + edge.source() + "` -> `"
                            + target + "`", "`" + target + "` has several predecessors: give it args that read the"
                                    + " values each of them produced (`$steps.NAME.data`)");
                }
            }
        });
    }

    /** The target's own v1 input mapping (created as `data` when it has none). */
    private static MappingNode ownInputs(MappingNode step) {
        for (String key : TaskArguments.INPUT_KEYS) {
            Optional<MappingNode> inputs = YamlEdits.mapping(step, key);
            if (inputs.isPresent()) {
                return inputs.get();
            }
        }
        MappingNode created = YamlEdits.mappingNode(FlowStyle.BLOCK);
        int at = YamlEdits.indexOf(step, "next");
        YamlEdits.insert(step, at < 0 ? step.getValue().size() : at, "data", created);
        return created;
    }

    private static List<String> nextTargets(Node next) {
        List<String> names = new ArrayList<>();
        if (next instanceof SequenceNode list) {
            for (Node entry : list.getValue()) {
                if (entry instanceof ScalarNode name) {
                    names.add(name.getValue());
                } else if (entry instanceof MappingNode c) {
                    YamlEdits.get(c, "then").ifPresent(t -> names.addAll(nextTargets(t)));
                    YamlEdits.get(c, "else").ifPresent(t -> names.addAll(nextTargets(t)));
                }
            }
        }
        return names;
    }

    private static boolean sameValue(Node a, Node b) {
        if (a instanceof ScalarNode x && b instanceof ScalarNode y) {
            return x.getValue().equals(y.getValue());
        }
        if (a instanceof SequenceNode x && b instanceof SequenceNode y) {
            if (x.getValue().size() != y.getValue().size()) {
                return false;
            }
            for (int i = 0; i < x.getValue().size(); i++) {
                if (!sameValue(x.getValue().get(i), y.getValue().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof MappingNode x && b instanceof MappingNode y) {
            return x.getValue().size() == y.getValue().size() && x.getValue().stream().allMatch(t ->
                    YamlEdits.get(y, text(t.getKeyNode())).map(v -> sameValue(t.getValueNode(), v)).orElse(false));
        }
        return false;
    }

    private Optional<MappingNode> stepNamed(String name) {
        return steps.stream().filter(s -> scalar(s, "step").filter(name::equals).isPresent()).findFirst();
    }

    // --- tasks on start and end ----------------------------------------------------------------------

    private void startAndEndTasks(SequenceNode workflow) {
        // `type: start` on start and `type: end` on end (later v1 forms) say what the step already is.
        for (String router : List.of("start", "end")) {
            stepNamed(router).filter(s -> scalar(s, "type").filter(router::equals).isPresent())
                    .ifPresent(s -> remove(s, "type"));
            stepNamed(router).filter(PlaybookRewrite::savesToEventLog).ifPresent(s -> remove(s, "save"));
        }
        stepNamed("start").filter(s -> hasTask(s, ROUTER_KEYS)).ifPresent(start -> {
            String name = freeName("start_task");
            MappingNode task = split(start, name, ROUTER_KEYS);
            remove(start, "next").ifPresent(t -> YamlEdits.put(task, "next", t.getValueNode()));
            YamlEdits.put(start, "next", YamlEdits.flowList(List.of(name)));
            insertStep(workflow, task, start, 1);
        });
        stepNamed("end").filter(s -> hasTask(s, Set.of("step", "desc"))).ifPresent(end -> {
            String name = freeName("end_task");
            MappingNode task = split(end, name, Set.of("step", "desc"));
            steps.forEach(step -> YamlEdits.get(step, "next").ifPresent(next -> renameTarget(next, "end", name)));
            YamlEdits.put(task, "next", YamlEdits.flowList(List.of("end")));
            insertStep(workflow, task, end, 0);
        });
    }

    private static boolean hasTask(MappingNode step, Set<String> keep) {
        return step.getValue().stream().anyMatch(t -> !keep.contains(text(t.getKeyNode())));
    }

    /** A new step named {@code name} holding every key of {@code step} but {@code keep}. */
    private static MappingNode split(MappingNode step, String name, Set<String> keep) {
        MappingNode task = YamlEdits.mappingNode(FlowStyle.BLOCK);
        YamlEdits.put(task, "step", scalarNode(name));
        for (NodeTuple tuple : List.copyOf(step.getValue())) {
            if (!keep.contains(text(tuple.getKeyNode()))) {
                step.getValue().remove(tuple);
                task.getValue().add(tuple);
            }
        }
        return task;
    }

    /** Inserts {@code step} right after ({@code offset} 1) or right before ({@code offset} 0) {@code neighbour}. */
    private void insertStep(SequenceNode workflow, MappingNode step, MappingNode neighbour, int offset) {
        steps.add(steps.indexOf(neighbour) + offset, step);
        workflow.getValue().add(workflow.getValue().indexOf(neighbour) + offset, step);
        stepNames.add(scalar(step, "step").orElseThrow());
    }

    private String freeName(String base) {
        String name = base;
        for (int i = 2; stepNames.contains(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private static void renameTarget(Node next, String from, String to) {
        if (next instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                Node entry = list.getValue().get(i);
                if (entry instanceof ScalarNode name && name.getValue().equals(from)) {
                    list.getValue().set(i, scalarNode(to));
                } else if (entry instanceof MappingNode c) {
                    YamlEdits.get(c, "then").ifPresent(t -> renameTarget(t, from, to));
                    YamlEdits.get(c, "else").ifPresent(t -> renameTarget(t, from, to));
                }
            }
        }
    }

    // --- a step's task, retry, save and templates --------------------------------------------------------

    private void step(MappingNode step) {
        YamlEdits.tuple(step, "step").filter(t -> !NAME.matcher(String.valueOf(text(t.getValueNode()))).matches())
                .ifPresent(t -> todos.add(t.getKeyNode(), TodoKind.STEP_NAME, "step name `" + text(t.getValueNode()) + "`",
                        "v2 step names match [a-z][a-z0-9_]*: rename the step and every `next` and `$steps` that names it"));
        Map<String, String> locals = new HashMap<>();
        Optional<String> type = scalar(step, "type");
        if (type.filter("workbook"::equals).isPresent()) {
            workbookCall(step, locals);
        } else if (type.isPresent() && TaskArguments.TYPES.containsKey(type.get())) {
            returnStep(step);
            MappingNode inputs = TaskArguments.takeInputs(step);
            inputs.getValue().forEach(t -> locals.put(text(t.getKeyNode()), String.valueOf(text(t.getValueNode()))));
            boolean sql = TaskArguments.TYPES.get(type.get()).equals("sql");
            TaskArguments.apply(step, type.get(), sql ? YamlEdits.mappingNode(FlowStyle.BLOCK) : inputs, todos);
            YamlEdits.put(step, "type", scalarNode(TaskArguments.TYPES.get(type.get())));
        } else if (type.isPresent()) {
            unknownType(step);
        } else {
            YamlEdits.tuple(step, "task").filter(t -> t.getValueNode() instanceof ScalarNode)
                    .ifPresent(t -> workbookCall(step, locals));
        }
        retry(step);
        save(step);
        YamlEdits.tuple(step, "timeout").filter(t -> !type.filter("http"::equals).isPresent())
                .ifPresent(t -> YamlEdits.put(step, "timeout", TaskArguments.duration(t.getValueNode())));
        Set<String> loop = YamlEdits.mapping(step, "loop").flatMap(l -> scalar(l, "as")).map(Set::of).orElse(Set.of());
        TemplateScope scope = new TemplateScope(stepNames, loop, locals);
        for (String key : List.of("args", "task", "save")) {
            YamlEdits.tuple(step, key).ifPresent(t -> translateTree(t.getKeyNode(), t.getValueNode(), scope));
        }
        YamlEdits.mapping(step, "loop").ifPresent(l -> YamlEdits.tuple(l, "over")
                .ifPresent(t -> translateScalar(l, t, new TemplateScope(stepNames, Set.of(), locals), false)));
        YamlEdits.get(step, "next").filter(SequenceNode.class::isInstance).ifPresent(next -> {
            for (Node entry : ((SequenceNode) next).getValue()) {
                if (entry instanceof MappingNode c) {
                    YamlEdits.tuple(c, "when").ifPresent(t -> translateScalar(c, t, scope, true));
                }
            }
        });
    }

    private void unknownType(MappingNode step) {
        YamlEdits.tuple(step, "type").ifPresent(t -> todos.add(t.getKeyNode(), TodoKind.TASK_TYPE,
                "task type `" + text(t.getValueNode()) + "`", "v2 has no such task type yet: use sql, http, python"
                        + " or command, or keep the v1 playbook for this step"));
    }

    /** {@code type: workbook} with {@code name:} or {@code task:}: a v2 {@code task: {workbook, args}}. */
    private void workbookCall(MappingNode step, Map<String, String> locals) {
        int at = Math.max(YamlEdits.indexOf(step, "type"), 0);
        remove(step, "type");
        String name = remove(step, "name").or(() -> remove(step, "task")).map(t -> text(t.getValueNode())).orElse("");
        MappingNode inputs = TaskArguments.takeInputs(step);
        inputs.getValue().forEach(t -> locals.put(text(t.getKeyNode()), String.valueOf(text(t.getValueNode()))));
        MappingNode task = YamlEdits.mappingNode(FlowStyle.BLOCK);
        YamlEdits.put(task, "workbook", scalarNode(name));
        String entryType = workbookTypes.getOrDefault(name, "");
        if (!inputs.getValue().isEmpty()) {
            switch (entryType) {
                case "python" -> YamlEdits.put(task, "args", single("args", inputs));
                case "playbook", "playbooks" -> YamlEdits.put(task, "args", single("workload", inputs));
                case "http" -> YamlEdits.put(task, "args", single("json", inputs));
                default -> {
                    YamlEdits.insert(step, at, "data", inputs);
                    at++;
                    todos.add(step.getValue().get(at - 1).getKeyNode(), TodoKind.UNKNOWN_NAME,
                            "inputs of the call of workbook task `" + name + "`",
                            "a " + (entryType.isEmpty() ? "missing" : entryType) + " workbook task reads no inputs in v2:"
                                    + " write the values into its templates, or call a python task");
                }
            }
        }
        YamlEdits.insert(step, at, "task", task);
    }

    private static MappingNode single(String key, Node value) {
        MappingNode map = YamlEdits.mappingNode(FlowStyle.BLOCK);
        YamlEdits.put(map, key, value);
        return map;
    }

    private void retry(MappingNode step) {
        Optional<NodeTuple> tuple = YamlEdits.tuple(step, "retry");
        if (tuple.isEmpty()) {
            return;
        }
        Node value = tuple.get().getValueNode();
        if (value instanceof ScalarNode count && count.getValue().matches("\\d+")) {
            MappingNode retry = YamlEdits.mappingNode(FlowStyle.FLOW);
            YamlEdits.put(retry, "max_attempts", count);
            YamlEdits.put(step, "retry", retry);
            return;
        }
        if (!(value instanceof MappingNode retry)) {
            return;
        }
        MappingNode backoff = YamlEdits.mapping(retry, "backoff").orElseGet(() -> YamlEdits.mappingNode(FlowStyle.FLOW));
        remove(retry, "initial_delay").or(() -> remove(retry, "delay"))
                .ifPresent(t -> YamlEdits.put(backoff, "initial", TaskArguments.duration(t.getValueNode())));
        remove(retry, "backoff_multiplier").ifPresent(t -> YamlEdits.put(backoff, "multiplier", t.getValueNode()));
        remove(retry, "max_delay").ifPresent(t -> YamlEdits.put(backoff, "max", TaskArguments.duration(t.getValueNode())));
        if (!backoff.getValue().isEmpty()) {
            YamlEdits.put(retry, "backoff", backoff);
        }
        for (NodeTuple entry : List.copyOf(retry.getValue())) {
            String key = text(entry.getKeyNode());
            if (!Set.of("max_attempts", "backoff").contains(key)) {
                todos.add(entry.getKeyNode(), TodoKind.RETRY, "`retry." + key + "`",
                        "v2 retries every failed attempt up to `max_attempts`: remove the condition, or check the result"
                                + " in a later step");
            }
        }
    }

    private void save(MappingNode step) {
        Optional<NodeTuple> tuple = YamlEdits.tuple(step, "save");
        if (tuple.isEmpty() || !(tuple.get().getValueNode() instanceof MappingNode save)) {
            return;
        }
        Optional<MappingNode> nested = YamlEdits.mapping(save, "storage");
        if (nested.isPresent()) {
            remove(save, "storage");
            for (NodeTuple entry : nested.get().getValue()) {
                String key = text(entry.getKeyNode());
                YamlEdits.put(save, key.equals("tool") || key.equals("kind") ? "storage" : key, entry.getValueNode());
            }
        }
        if (savesToEventLog(step)) {
            remove(step, "save");
            return;
        }
        String storage = scalar(save, "storage").or(() -> scalar(save, "tool")).orElse("event_log");
        remove(save, "tool");
        if (!storage.equals("postgres")) {
            todos.add(tuple.get().getKeyNode(), TodoKind.SAVE, "`save` to `" + storage + "`",
                    "v2 saves to a table of the `default` connection or to a jsonl/csv file");
            return;
        }
        remove(save, "storage");
        YamlEdits.insert(save, 0, "to", scalarNode("table"));
        Optional<NodeTuple> auth = remove(save, "auth");
        Optional<String> named = auth.flatMap(TaskArguments::credentialName);
        YamlEdits.insert(save, 1, "connection", scalarNode(named.orElse("default")));
        auth.filter(t -> named.isEmpty()).ifPresent(t -> todos.add(tuple.get().getKeyNode(), YamlEdits.line(t.getKeyNode()),
                TodoKind.CONNECTION, "`save.auth`", "v2 saves through a named connection the operator configures"
                        + " (playbatch.connections.NAME.url): configure one for this database and set `connection`"));
        scalar(save, "mode").filter(m -> !m.equals("upsert")).ifPresent(m -> YamlEdits.put(save, "mode", scalarNode("insert")));
        YamlEdits.get(save, "key").filter(ScalarNode.class::isInstance)
                .ifPresent(k -> YamlEdits.put(save, "key", YamlEdits.flowList(List.of(text(k)))));
        for (String mapping : List.of("args", "data")) {
            YamlEdits.tuple(save, mapping).ifPresent(t -> todos.add(t.getKeyNode(), TodoKind.SAVE,
                    "`save." + mapping + "` (a column mapping)", "v2 writes the task's data as it is, its keys as columns:"
                            + " make the task return the row, then remove this mapping"));
        }
    }

    /** A v1 save to the event log (its default storage): v2 records every result there anyway. */
    private static boolean savesToEventLog(MappingNode step) {
        return YamlEdits.mapping(step, "save").filter(save -> YamlEdits.mapping(save, "storage").isEmpty())
                .map(save -> scalar(save, "storage").or(() -> scalar(save, "tool")).orElse("event_log"))
                .filter("event_log"::equals).isPresent();
    }

    // --- workbook entries --------------------------------------------------------------------------------

    private void workbookEntry(MappingNode entry) {
        Optional<String> type = scalar(entry, "type");
        if (type.isEmpty() || !TaskArguments.TYPES.containsKey(type.get())) {
            unknownType(entry);
            return;
        }
        returnStep(entry);
        MappingNode inputs = TaskArguments.takeInputs(entry);
        // A v1 input that only passes a caller's value ({{ city }}) is a parameter: the caller's args replace it.
        inputs.getValue().removeIf(t -> PLACEHOLDER.matcher(String.valueOf(text(t.getValueNode())).strip()).matches());
        Map<String, String> locals = new HashMap<>();
        inputs.getValue().forEach(t -> locals.put(text(t.getKeyNode()), String.valueOf(text(t.getValueNode()))));
        boolean sql = TaskArguments.TYPES.get(type.get()).equals("sql");
        TaskArguments.apply(entry, type.get(), sql ? YamlEdits.mappingNode(FlowStyle.BLOCK) : inputs, todos);
        YamlEdits.put(entry, "type", scalarNode(TaskArguments.TYPES.get(type.get())));
        YamlEdits.tuple(entry, "args").ifPresent(t -> translateTree(t.getKeyNode(), t.getValueNode(),
                new TemplateScope(stepNames, loopNames, locals)));
    }

    // --- templates -----------------------------------------------------------------------------------------

    private void translateTree(Node key, Node value, TemplateScope scope) {
        if (value instanceof MappingNode map) {
            for (NodeTuple tuple : List.copyOf(map.getValue())) {
                if (tuple.getValueNode() instanceof ScalarNode) {
                    translateScalar(map, tuple, scope, false);
                } else {
                    translateTree(tuple.getKeyNode(), tuple.getValueNode(), scope);
                }
            }
        } else if (value instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                if (item instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR)) {
                    Translation translation = jinja.value(scalar.getValue(), scope);
                    if (translation instanceof Translated translated) {
                        list.getValue().set(i, replaced(scalar, translated.text()));
                    } else {
                        report(key, (Untranslatable) translation);
                    }
                } else {
                    translateTree(key, item, scope);
                }
            }
        }
    }

    private void translateScalar(MappingNode map, NodeTuple tuple, TemplateScope scope, boolean condition) {
        if (!(tuple.getValueNode() instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
            return;
        }
        Translation translation = condition ? jinja.condition(scalar.getValue(), scope) : jinja.value(scalar.getValue(), scope);
        if (translation instanceof Translated translated) {
            if (!translated.text().equals(scalar.getValue())) {
                map.getValue().set(map.getValue().indexOf(tuple), new NodeTuple(tuple.getKeyNode(),
                        replaced(scalar, translated.text())));
            }
        } else {
            report(tuple.getKeyNode(), (Untranslatable) translation);
        }
    }

    private static ScalarNode replaced(ScalarNode original, String value) {
        ScalarNode node = new ScalarNode(Tag.STR, value, original.getScalarStyle());
        node.setInLineComments(original.getInLineComments());
        node.setBlockComments(original.getBlockComments());
        return node;
    }

    private void report(Node key, Untranslatable reason) {
        todos.add(key, reason.kind(), reason.what(), reason.why());
    }

    private void workloadTemplates(Node value, Node key) {
        if (value instanceof ScalarNode scalar && scalar.getValue().contains("{{")) {
            todos.add(key, TodoKind.WORKLOAD_TEMPLATE, JinjaTranslator.quote(scalar.getValue()),
                    "v2 never renders the workload: pass the value with `--set`, or compute it in a step");
        } else if (value instanceof MappingNode map) {
            map.getValue().forEach(t -> workloadTemplates(t.getValueNode(), t.getKeyNode()));
        } else if (value instanceof SequenceNode list) {
            list.getValue().forEach(item -> workloadTemplates(item, key));
        }
    }

    private static List<MappingNode> items(Optional<Node> node) {
        return node.filter(SequenceNode.class::isInstance).map(n -> ((SequenceNode) n).getValue().stream()
                .filter(MappingNode.class::isInstance).map(MappingNode.class::cast).toList()).orElse(List.of());
    }
}
