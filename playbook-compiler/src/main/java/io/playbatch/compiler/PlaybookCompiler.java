package io.playbatch.compiler;

import java.nio.file.Path;

/**
 * Entry point of the compiler: parses a playbook, validates it (JSON Schema, then semantic rules
 * and template checks) and builds its {@link io.playbatch.compiler.ir.PlaybookGraph}. Never throws
 * for bad input: every problem, a missing file included, is a diagnostic. Thread-safe.
 */
public final class PlaybookCompiler {

    /** Compiles a file; its path as given is the file name in diagnostics. */
    public CompilationResult compile(Path file) {
        throw new UnsupportedOperationException("compiler not implemented yet");
    }

    /** Compiles YAML text; {@code fileName} names it in diagnostics and defaults the catalog path. */
    public CompilationResult compile(String fileName, String yamlText) {
        throw new UnsupportedOperationException("compiler not implemented yet");
    }
}
