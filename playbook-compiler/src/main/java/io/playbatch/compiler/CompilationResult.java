package io.playbatch.compiler;

import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.ir.PlaybookGraph;
import java.util.List;
import java.util.Optional;

/**
 * What compiling one playbook file produced: every diagnostic, sorted by position, and the graph
 * when there was no error.
 */
public record CompilationResult(String file, Optional<PlaybookGraph> graph, List<Diagnostic> diagnostics) {

    public CompilationResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
