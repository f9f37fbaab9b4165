package io.playbatch.operate;

import io.playbatch.compiler.validate.Diagnostic;
import java.util.List;

/** A playbook did not compile; the diagnostics say where and how to fix it. */
public class PlaybookInvalidException extends RuntimeException {

    private final List<Diagnostic> diagnostics;

    public PlaybookInvalidException(String file, List<Diagnostic> diagnostics) {
        super(file + " is not a valid playbook (" + diagnostics.size() + " problem"
                + (diagnostics.size() == 1 ? "" : "s") + ")");
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
