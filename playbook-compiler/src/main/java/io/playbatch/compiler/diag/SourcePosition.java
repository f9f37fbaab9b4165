package io.playbatch.compiler.diag;

/**
 * Where something stands in a playbook file: 1-based line and column, as editors count them.
 * Every diagnostic and every IR node carries one so that errors point at the exact place.
 */
public record SourcePosition(String file, int line, int column) {

    public static SourcePosition unknown(String file) {
        return new SourcePosition(file, 0, 0);
    }

    public boolean isKnown() {
        return line > 0;
    }

    /** {@code file:line:column}, or just the file when the position is unknown. */
    @Override
    public String toString() {
        return isKnown() ? file + ":" + line + ":" + column : file;
    }
}
