package io.playbatch.catalog;

import io.playbatch.compiler.CompilerOptions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.render.TemplateLimitSettings;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one way Playbatch builds its {@link PlaybookCompiler}: with the operator's allowlist of MCP
 * stdio programs ({@value #STDIO_ALLOWLIST}, rule MCP004) and the template nesting limit
 * ({@value TemplateLimitSettings#TEMPLATE_DEPTH}, PB052), so the CLI, the server, restarts,
 * replays and sub-playbooks all judge a playbook alike.
 */
@Configuration(proxyBeanMethods = false)
public class PlaybookCompilerConfiguration {

    /** Comma-separated programs an MCP stdio server's argv[0] may be (docs/mcp.md). */
    public static final String STDIO_ALLOWLIST = "batch.mcp.stdio.allowed-commands";

    @Bean
    public PlaybookCompiler playbookCompiler(Environment environment) {
        return compilerFor(environment);
    }

    /**
     * A compiler configured from {@code environment}; CLI commands that compile before the
     * application starts pass a {@code StandardEnvironment} (system properties and environment variables).
     */
    public static PlaybookCompiler compilerFor(Environment environment) {
        Set<String> allowed = Binder.get(environment).bind(STDIO_ALLOWLIST, Bindable.listOf(String.class))
                .orElse(List.of()).stream().map(String::trim).filter(c -> !c.isEmpty())
                .collect(Collectors.toSet());
        return new PlaybookCompiler(CompilerOptions.defaults().withAllowedStdioCommands(allowed)
                .withTemplateDepth(TemplateLimitSettings.from(environment).depth()));
    }
}
