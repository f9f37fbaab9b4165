package io.playbatch.compiler;

import io.playbatch.compiler.template.TemplateLimits;
import java.util.Set;

/**
 * Operator settings the compiler needs but cannot read itself (it has no Spring configuration):
 * {@code allowedStdioCommands} is the allowlist of MCP stdio programs, compared with a server's
 * {@code command[0]} as written (MCP004). The application fills it from the property
 * {@code batch.mcp.stdio.allowed-commands}. {@code templateDepth} is the deepest nesting of
 * directives and brackets a template may have (PB052), from {@code playbatch.limits.template-depth}.
 * Immutable.
 */
public record CompilerOptions(Set<String> allowedStdioCommands, int templateDepth) {

    private static final CompilerOptions DEFAULTS = new CompilerOptions(Set.of(), TemplateLimits.DEFAULT_DEPTH);

    public CompilerOptions {
        allowedStdioCommands = allowedStdioCommands == null ? Set.of() : Set.copyOf(allowedStdioCommands);
        if (templateDepth < 1 || templateDepth > TemplateLimits.MAX_DEPTH) {
            throw new IllegalArgumentException("playbatch.limits.template-depth is " + templateDepth
                    + ": set it between 1 and " + TemplateLimits.MAX_DEPTH);
        }
    }

    /** Only the stdio allowlist; every limit at its default. */
    public CompilerOptions(Set<String> allowedStdioCommands) {
        this(allowedStdioCommands, TemplateLimits.DEFAULT_DEPTH);
    }

    /** No stdio command is allowed. */
    public static CompilerOptions defaults() {
        return DEFAULTS;
    }

    /** These options with {@code commands} as the stdio allowlist. */
    public CompilerOptions withAllowedStdioCommands(Set<String> commands) {
        return new CompilerOptions(commands, templateDepth);
    }

    /** These options with {@code depth} as the template nesting limit. */
    public CompilerOptions withTemplateDepth(int depth) {
        return new CompilerOptions(allowedStdioCommands, depth);
    }
}
