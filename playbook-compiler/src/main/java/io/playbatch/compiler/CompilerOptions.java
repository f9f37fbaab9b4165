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
 * {@code playbatch.playbooks.roots}. {@code connections} are the names a playbook's {@code connection}
 * keys may use besides {@code default} (PB061), from the properties {@code playbatch.connections.<name>.*}.
 * {@code beans} are the names of the application's beans a playbook may call ({@code type: bean},
 * PB091), or null where the compiler runs outside the application context that has them: the names
 * are then checked when the step runs. {@code templateVars} are the names of the configured
 * {@code playbatch.vars.*} ({@code $vars.NAME}, PB028 for another name), or null when none is
 * configured (not known, not checked). Immutable.
 */
public record CompilerOptions(Set<String> allowedStdioCommands, YamlLimits yamlLimits, int templateDepth,
        CatalogPaths catalogPaths, Set<String> connections, Set<String> beans, Set<String> templateVars) {

    private static final CompilerOptions DEFAULTS = new CompilerOptions(Set.of(), YamlLimits.defaults(),
            TemplateLimits.DEFAULT_DEPTH, CatalogPaths.defaults(), Set.of(), null, null);

    public CompilerOptions {
        allowedStdioCommands = allowedStdioCommands == null ? Set.of() : Set.copyOf(allowedStdioCommands);
        yamlLimits = yamlLimits == null ? YamlLimits.defaults() : yamlLimits;
        if (templateDepth < 1 || templateDepth > TemplateLimits.MAX_DEPTH) {
            throw new IllegalArgumentException("playbatch.limits.template-depth is " + templateDepth
                    + ": set it between 1 and " + TemplateLimits.MAX_DEPTH);
        }
        catalogPaths = catalogPaths == null ? CatalogPaths.defaults() : catalogPaths;
        connections = connections == null ? Set.of() : Set.copyOf(connections);
        beans = beans == null ? null : Set.copyOf(beans);
        templateVars = templateVars == null ? null : Set.copyOf(templateVars);
    }

    /**
     * No stdio command is allowed; every limit at its default; files named relative to {@code job-configs};
     * no connection but {@code default}; bean names checked when the step runs.
     */
    public static CompilerOptions defaults() {
        return DEFAULTS;
    }

    /** These options with {@code commands} as the stdio allowlist. */
    public CompilerOptions withAllowedStdioCommands(Set<String> commands) {
        return new CompilerOptions(commands, yamlLimits, templateDepth, catalogPaths, connections, beans, templateVars);
    }

    /** These options with {@code limits} for reading YAML. */
    public CompilerOptions withYamlLimits(YamlLimits limits) {
        return new CompilerOptions(allowedStdioCommands, limits, templateDepth, catalogPaths, connections, beans, templateVars);
    }

    /** These options with {@code depth} as the template nesting limit. */
    public CompilerOptions withTemplateDepth(int depth) {
        return new CompilerOptions(allowedStdioCommands, yamlLimits, depth, catalogPaths, connections, beans, templateVars);
    }

    /** These options with files named relative to {@code roots} (the first that holds a file). */
    public CompilerOptions withPlaybookRoots(List<Path> roots) {
        return new CompilerOptions(allowedStdioCommands, yamlLimits, templateDepth, new CatalogPaths(roots), connections,
                beans, templateVars);
    }

    /** These options with {@code names} as the configured connections ({@code default} is always known). */
    public CompilerOptions withConnections(Set<String> names) {
        return new CompilerOptions(allowedStdioCommands, yamlLimits, templateDepth, catalogPaths, names, beans, templateVars);
    }

    /** These options with {@code names} as the beans a playbook may call (PB091 for any other name). */
    public CompilerOptions withBeans(Set<String> names) {
        return new CompilerOptions(allowedStdioCommands, yamlLimits, templateDepth, catalogPaths, connections, names,
                templateVars);
    }

    /** These options with {@code names} as the configured {@code playbatch.vars.*}. */
    public CompilerOptions withTemplateVars(Set<String> names) {
        return new CompilerOptions(allowedStdioCommands, yamlLimits, templateDepth, catalogPaths, connections, beans,
                names);
    }
}
