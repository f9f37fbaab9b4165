package io.playbatch.compiler.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the diagnostics of one compilation so that every problem of a file is reported, not
 * just the first. Ignores an exact repeat (same code at the same place), which several rules may
 * find independently. Not thread-safe: one instance per compilation.
 */
public final class Diagnostics {

    /** File order: line, then column, then code, so reports read top to bottom. */
    public static final Comparator<Diagnostic> BY_POSITION = Comparator
            .comparingInt((Diagnostic d) -> d.position().line())
            .thenComparingInt(d -> d.position().column())
            .thenComparing(Diagnostic::code)
            .thenComparing(Diagnostic::message);

    private final List<Diagnostic> found = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    public void add(Diagnostic diagnostic) {
        if (seen.add(diagnostic.code() + '@' + diagnostic.position() + '@' + diagnostic.message())) {
            found.add(diagnostic);
        }
    }

    public void error(DiagnosticCode code, SourcePosition position, String message, Object... hintArgs) {
        add(code.error(position, message, hintArgs));
    }

    public void warning(DiagnosticCode code, SourcePosition position, String message, Object... hintArgs) {
        add(code.warning(position, message, hintArgs));
    }

    public boolean hasErrors() {
        return found.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(found);
        copy.sort(BY_POSITION);
        return List.copyOf(copy);
    }
}
