package io.playbatch.compiler.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.comments.CommentLine;
import org.snakeyaml.engine.v2.comments.CommentType;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The TODOs of one conversion: each is written as a block comment above the key it is about and
 * kept for the report. Not thread-safe: one per conversion.
 */
final class TodoList {

    private final List<ConversionTodo> todos = new ArrayList<>();

    /** Adds a TODO above {@code key} (a key node of the converted tree), about the original line {@code line}. */
    void add(Node key, int line, TodoKind kind, String what, String why) {
        ConversionTodo todo = new ConversionTodo(kind, line, 0, what, why);
        todos.add(todo);
        List<CommentLine> comments = new ArrayList<>();
        if (key.getBlockComments() != null) {
            comments.addAll(key.getBlockComments());
        }
        comments.add(new CommentLine(Optional.empty(), Optional.empty(), todo.comment(),
                CommentType.BLOCK));
        key.setBlockComments(comments);
    }

    /** Adds a TODO above {@code key}, about the line the key is on. */
    void add(Node key, TodoKind kind, String what, String why) {
        add(key, YamlEdits.line(key), kind, what, why);
    }

    List<ConversionTodo> all() {
        return List.copyOf(todos);
    }
}
