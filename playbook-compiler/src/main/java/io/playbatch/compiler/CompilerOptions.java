package io.playbatch.compiler;

import io.playbatch.compiler.dsl.YamlLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Operator settings the compiler needs but cannot read itself (it has no Spring configuration):
 * {@code allowedStdioCommands} is the allowlist of MCP stdio programs, compared with a server's
 * {@code command[0]} as written (MCP004); the application fills it from the property
 * {@code batch.mcp.stdio.allowed-commands}. {@code yamlLimits} bound what one file may cost to
 * read (PB054-PB056), from the properties {@code playbatch.limits.yaml-*}. {@code catalogPaths}
 * names a file that does not set {@code metadata.path}, relative to the playbook roots of the
 * property {@code playbatch.playbooks.roots}. Immutable.
 */
public record CompilerOptions(Set<String> allowedStdioCommands, YamlLimits yamlLimits, CatalogPaths catalogPaths) {

    private static final CompilerOptions DEFAULTS = new CompilerOptions(Set.of(), YamlLimits.defaults(),
            CatalogPaths.defaults());

    public CompilerOptions {
        allowedStdioCommands = allowedStdioCommands == null ? Set.of() : Set.copyOf(allowedStdioCommands);
        yamlLimits = yamlLimits == null ? YamlLimits.defaults() : yamlLimits;
        catalogPaths = catalogPaths == null ? CatalogPaths.defaults() : catalogPaths;
    }

    /** No stdio command is allowed; the default YAML limits. */
    public static CompilerOptions defaults() {
        return DEFAULTS;
    }

    /** These options with {@code commands} as the stdio allowlist. */
    public CompilerOptions withAllowedStdioCommands(Set<String> commands) {
        return new CompilerOptions(commands, yamlLimits, catalogPaths);
    }

    /** These options with {@code limits} for reading YAML. */
    public CompilerOptions withYamlLimits(YamlLimits limits) {
        return new CompilerOptions(allowedStdioCommands, limits, catalogPaths);
    }

    /** These options with files named relative to {@code roots} (the first that holds a file). */
    public CompilerOptions withPlaybookRoots(List<Path> roots) {
        return new CompilerOptions(allowedStdioCommands, yamlLimits, new CatalogPaths(roots));
    }
}
