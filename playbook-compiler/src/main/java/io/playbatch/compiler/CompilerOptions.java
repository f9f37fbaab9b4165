package io.playbatch.compiler;

import io.playbatch.compiler.dsl.YamlLimits;
import java.util.Set;

/**
 * Operator settings the compiler needs but cannot read itself (it has no Spring configuration):
 * {@code allowedStdioCommands} is the allowlist of MCP stdio programs, compared with a server's
 * {@code command[0]} as written (MCP004); the application fills it from the property
 * {@code batch.mcp.stdio.allowed-commands}. {@code yamlLimits} bound what one file may cost to
 * read (PB054-PB056), from the properties {@code playbatch.limits.yaml-*}. Immutable.
 */
public record CompilerOptions(Set<String> allowedStdioCommands, YamlLimits yamlLimits) {

    private static final CompilerOptions DEFAULTS = new CompilerOptions(Set.of(), YamlLimits.defaults());

    public CompilerOptions {
        allowedStdioCommands = allowedStdioCommands == null ? Set.of() : Set.copyOf(allowedStdioCommands);
        yamlLimits = yamlLimits == null ? YamlLimits.defaults() : yamlLimits;
    }

    /** No stdio command is allowed; the default YAML limits. */
    public static CompilerOptions defaults() {
        return DEFAULTS;
    }

    /** These options with {@code commands} as the stdio allowlist. */
    public CompilerOptions withAllowedStdioCommands(Set<String> commands) {
        return new CompilerOptions(commands, yamlLimits);
    }

    /** These options with {@code limits} for reading YAML. */
    public CompilerOptions withYamlLimits(YamlLimits limits) {
        return new CompilerOptions(allowedStdioCommands, limits);
    }
}
