package io.playbatch.compiler;

import io.playbatch.compiler.template.TemplateLimits;
import io.playbatch.compiler.yaml.YamlLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Operator settings the compiler needs but cannot read itself (it has no Spring configuration):
 * {@code allowedStdioCommands} is the allowlist of MCP stdio programs, compared with a server's
 * {@code command[0]} as written (MCP004); the application fills it from the property
 * {@code playbatch.mcp.stdio.allowed-commands}. {@code yamlLimits} bound what one file may cost to
 * read (PB054-PB056), from the properties {@code playbatch.limits.yaml-*}. {@code templateDepth}
 * is the deepest nesting of directives and brackets a template may have (PB052), from
 * {@code playbatch.limits.template-depth}. {@code catalogPaths} names a file that does not set
 * {@code metadata.path}, relative to the playbook roots of the property
 * {@code playbatch.playbooks.roots}. {@code templateVars} are the names of the configured
 * {@code playbatch.vars.*} that {@code $vars.NAME} must use (PB028), or null when they are not known
 * (then the renderer checks them). Immutable.
 */
public record CompilerOptions(Set<String> allowedStdioCommands, YamlLimits yamlLimits, int templateDepth,
        CatalogPaths catalogPaths, Set<String> templateVars) {

    private static final CompilerOptions DEFAULTS = new CompilerOptions(Set.of(), YamlLimits.defaults(),
            TemplateLimits.DEFAULT_DEPTH, CatalogPaths.defaults(), null);

    public CompilerOptions {
        allowedStdioCommands = allowedStdioCommands == null ? Set.of() : Set.copyOf(allowedStdioCommands);
        yamlLimits = yamlLimits == null ? YamlLimits.defaults() : yamlLimits;
        if (templateDepth < 1 || templateDepth > TemplateLimits.MAX_DEPTH) {
            throw new IllegalArgumentException("playbatch.limits.template-depth is " + templateDepth
                    + ": set it between 1 and " + TemplateLimits.MAX_DEPTH);
        }
        catalogPaths = catalogPaths == null ? CatalogPaths.defaults() : catalogPaths;
        templateVars = templateVars == null ? null : Set.copyOf(templateVars);
    }

    /**
     * No stdio command is allowed; every limit at its default; files named relative to
     * {@code job-configs}; the configured vars are not known.
     */
    public static CompilerOptions defaults() {
        return DEFAULTS;
    }

    /** These options with {@code commands} as the stdio allowlist. */
    public CompilerOptions withAllowedStdioCommands(Set<String> commands) {
        return new CompilerOptions(commands, yamlLimits, templateDepth, catalogPaths, templateVars);
    }

    /** These options with {@code limits} for reading YAML. */
    public CompilerOptions withYamlLimits(YamlLimits limits) {
        return new CompilerOptions(allowedStdioCommands, limits, templateDepth, catalogPaths, templateVars);
    }

    /** These options with {@code depth} as the template nesting limit. */
    public CompilerOptions withTemplateDepth(int depth) {
        return new CompilerOptions(allowedStdioCommands, yamlLimits, depth, catalogPaths, templateVars);
    }

    /** These options with files named relative to {@code roots} (the first that holds a file). */
    public CompilerOptions withPlaybookRoots(List<Path> roots) {
        return new CompilerOptions(allowedStdioCommands, yamlLimits, templateDepth, new CatalogPaths(roots),
                templateVars);
    }

    /** These options with {@code names} as the configured {@code playbatch.vars.*}. */
    public CompilerOptions withTemplateVars(Set<String> names) {
        return new CompilerOptions(allowedStdioCommands, yamlLimits, templateDepth, catalogPaths, names);
    }
}
