package io.playbatch.compiler.convert;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * What the v1 files converted together ask of each other through {@code return_step}: a parent's
 * {@code type: playbook(s)} task with {@code path: P} and {@code return_step: S} wants child P's
 * step S. v2 hands a parent the child's {@code output}, so when P is converted in the same batch and
 * every parent asks it for the same S, the child gets {@code output: "$steps.S.data"} and the parents
 * lose {@code return_step} (docs/migration.md, rule 10). Immutable and thread-safe.
 */
public final class ChildOutputs {

    private static final ChildOutputs NONE = new ChildOutputs(Set.of(), Map.of());

    /** The catalog paths (v1 {@code path}) of the files in the batch. */
    private final Set<String> paths;
    /** For each child path, the return steps its parents ask for. */
    private final Map<String, Set<String>> asked;

    private ChildOutputs(Set<String> paths, Map<String, Set<String>> asked) {
        this.paths = Set.copyOf(paths);
        Map<String, Set<String>> copy = new HashMap<>();
        asked.forEach((child, steps) -> copy.put(child, Set.copyOf(steps)));
        this.asked = Map.copyOf(copy);
    }

    /** A file converted alone: no child is in the batch, every {@code return_step} stays a TODO. */
    public static ChildOutputs none() {
        return NONE;
    }

    /** Reads the batch's parsed files: the path of each, and the return steps each asks of a child. */
    static ChildOutputs scan(Iterable<MappingNode> roots) {
        Set<String> paths = new HashSet<>();
        Map<String, Set<String>> asked = new HashMap<>();
        for (MappingNode root : roots) {
            catalogPath(root).ifPresent(paths::add);
            YamlEdits.get(root, "workflow").ifPresent(node -> collect(node, asked));
            YamlEdits.get(root, "workbook").ifPresent(node -> collect(node, asked));
        }
        return new ChildOutputs(paths, asked);
    }

    /** A v1 file's catalog path: top-level {@code path}, or {@code metadata.path}. */
    static Optional<String> catalogPath(MappingNode root) {
        return YamlEdits.scalar(root, "path")
                .or(() -> YamlEdits.mapping(root, "metadata").flatMap(m -> YamlEdits.scalar(m, "path")));
    }

    private static void collect(Node node, Map<String, Set<String>> asked) {
        if (node instanceof MappingNode map) {
            Optional<String> child = YamlEdits.scalar(map, "path");
            Optional<String> step = YamlEdits.scalar(map, "return_step");
            if (child.isPresent() && step.isPresent()) {
                asked.computeIfAbsent(child.get(), c -> new TreeSet<>()).add(step.get());
            }
            map.getValue().stream().map(NodeTuple::getValueNode).forEach(value -> collect(value, asked));
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(item -> collect(item, asked));
        }
    }

    /** The step whose data the child at {@code childPath} must output, when it is in the batch and asked for one only. */
    Optional<String> outputOf(String childPath) {
        Set<String> steps = asked.getOrDefault(childPath, Set.of());
        return paths.contains(childPath) && steps.size() == 1 ? Optional.of(steps.iterator().next()) : Optional.empty();
    }

    /** The return steps parents ask of {@code childPath}, for a TODO that names them. */
    Set<String> askedOf(String childPath) {
        return new TreeSet<>(asked.getOrDefault(childPath, Set.of()));
    }

    /** Whether {@code childPath} is one of the batch's files. */
    boolean inBatch(String childPath) {
        return paths.contains(childPath);
    }
}
