package io.playbatch.operate;

import io.playbatch.compiler.diag.Diagnostic;
import java.util.List;

/** A playbook did not compile; the diagnostics say where and how to fix it. */
public class PlaybookInvalidException extends RuntimeException {

    private final List<Diagnostic> diagnostics;

    public PlaybookInvalidException(String file, List<Diagnostic> diagnostics) {
        this(diagnostics, file + " is not a valid playbook (" + problems(diagnostics) + ")");
    }

    /** For a refusal whose {@code message} says more than "not a valid playbook". */
    protected PlaybookInvalidException(List<Diagnostic> diagnostics, String message) {
        super(message);
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** {@code 1 problem}, {@code 3 problems}. */
    protected static String problems(List<Diagnostic> diagnostics) {
        return diagnostics.size() + " problem" + (diagnostics.size() == 1 ? "" : "s");
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
