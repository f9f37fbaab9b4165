package io.playbatch.compiler.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.comments.CommentLine;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Edits of SnakeYAML Engine's node tree that keep what a reader of the file sees: a key keeps its
 * position and its comments when its value is replaced or it is renamed, and new keys go where
 * they are asked to. Pure functions over the nodes they are given.
 */
final class YamlEdits {

    private YamlEdits() {
    }

    static Optional<NodeTuple> tuple(MappingNode map, String key) {
        return map.getValue().stream().filter(t -> key.equals(text(t.getKeyNode()))).findFirst();
    }

    static Optional<Node> get(MappingNode map, String key) {
        return tuple(map, key).map(NodeTuple::getValueNode);
    }

    static Optional<String> scalar(MappingNode map, String key) {
        return get(map, key).map(YamlEdits::text);
    }

    /** The value of a scalar node, or null for a mapping or a list. */
    static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    static Optional<MappingNode> mapping(MappingNode map, String key) {
        return get(map, key).filter(MappingNode.class::isInstance).map(MappingNode.class::cast);
    }

    /** Removes the key and returns its tuple; its comments move to the key that follows it. */
    static Optional<NodeTuple> remove(MappingNode map, String key) {
        List<NodeTuple> tuples = map.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            NodeTuple tuple = tuples.get(i);
            if (key.equals(text(tuple.getKeyNode()))) {
                tuples.remove(i);
                List<CommentLine> comments = tuple.getKeyNode().getBlockComments();
                if (comments != null && !comments.isEmpty() && i < tuples.size()) {
                    Node nextKey = tuples.get(i).getKeyNode();
                    List<CommentLine> merged = new ArrayList<>(comments);
                    if (nextKey.getBlockComments() != null) {
                        merged.addAll(nextKey.getBlockComments());
                    }
                    nextKey.setBlockComments(merged);
                }
                return Optional.of(tuple);
            }
        }
        return Optional.empty();
    }

    /** Sets the key's value in place, or appends the key. */
    static void put(MappingNode map, String key, Node value) {
        List<NodeTuple> tuples = map.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            if (key.equals(text(tuples.get(i).getKeyNode()))) {
                tuples.set(i, new NodeTuple(tuples.get(i).getKeyNode(), value));
                return;
            }
        }
        tuples.add(new NodeTuple(scalarNode(key), value));
    }

    /** Inserts the key at {@code index} (or sets it in place when present). */
    static void insert(MappingNode map, int index, String key, Node value) {
        if (tuple(map, key).isPresent()) {
            put(map, key, value);
        } else {
            map.getValue().add(Math.min(index, map.getValue().size()), new NodeTuple(scalarNode(key), value));
        }
    }

    /** Inserts the key right after {@code after}, or appends it when {@code after} is absent. */
    static void putAfter(MappingNode map, String after, String key, Node value) {
        int index = indexOf(map, after);
        insert(map, index < 0 ? map.getValue().size() : index + 1, key, value);
    }

    static int indexOf(MappingNode map, String key) {
        List<NodeTuple> tuples = map.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            if (key.equals(text(tuples.get(i).getKeyNode()))) {
                return i;
            }
        }
        return -1;
    }

    /** Renames a key in place, keeping its position, value and comments. */
    static void rename(MappingNode map, String from, String to) {
        List<NodeTuple> tuples = map.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            Node key = tuples.get(i).getKeyNode();
            if (from.equals(text(key))) {
                ScalarNode renamed = scalarNode(to);
                renamed.setBlockComments(key.getBlockComments());
                renamed.setInLineComments(key.getInLineComments());
                tuples.set(i, new NodeTuple(renamed, tuples.get(i).getValueNode()));
                return;
            }
        }
    }

    static ScalarNode scalarNode(String value) {
        return new ScalarNode(Tag.STR, value, ScalarStyle.PLAIN);
    }

    static MappingNode mappingNode(FlowStyle style) {
        return new MappingNode(Tag.MAP, new ArrayList<>(), style);
    }

    static SequenceNode flowList(List<String> values) {
        List<Node> items = new ArrayList<>();
        values.forEach(v -> items.add(scalarNode(v)));
        return new SequenceNode(Tag.SEQ, items, FlowStyle.FLOW);
    }

    /** The 1-based line a node starts on, or 0 for a node the converter made. */
    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
