package io.playbatch.compiler;

import java.util.Set;

/**
 * Operator settings the compiler needs but cannot read itself (it has no Spring configuration):
 * {@code allowedStdioCommands} is the allowlist of MCP stdio programs, compared with a server's
 * {@code command[0]} as written (MCP004). The application fills it from the property
 * {@code batch.mcp.stdio.allowed-commands}. Immutable.
 */
public record CompilerOptions(Set<String> allowedStdioCommands) {

    private static final CompilerOptions DEFAULTS = new CompilerOptions(Set.of());

    public CompilerOptions {
        allowedStdioCommands = allowedStdioCommands == null ? Set.of() : Set.copyOf(allowedStdioCommands);
    }

    /** No stdio command is allowed. */
    public static CompilerOptions defaults() {
        return DEFAULTS;
    }

    /** These options with {@code commands} as the stdio allowlist. */
    public CompilerOptions withAllowedStdioCommands(Set<String> commands) {
        return new CompilerOptions(commands);
    }
}
