package io.playbatch.compiler.convert;

/**
 * One thing a converted playbook still needs from a human: written as a {@code # TODO(convert):}
 * comment at {@code outputLine} of the converted text, about the construct at {@code sourceLine}
 * of the original (both 1-based; 0 when unknown).
 */
public record ConversionTodo(TodoKind kind, int sourceLine, int outputLine, String what, String why) {

    /** The documentation link of this TODO's kind. */
    public String doc() {
        return kind.doc();
    }

    ConversionTodo atOutputLine(int line) {
        return new ConversionTodo(kind, sourceLine, line, what, why);
    }

    /** The comment text written into the converted file, after {@code #}. */
    String comment() {
        return " TODO(convert): " + what + ": " + why + " (" + kind.doc() + ")";
    }
}
