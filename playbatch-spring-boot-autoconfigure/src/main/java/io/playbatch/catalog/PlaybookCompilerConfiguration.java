package io.playbatch.catalog;

import io.playbatch.beans.PlaybookBeans;
import io.playbatch.compiler.CatalogPaths;
import io.playbatch.compiler.CompilerOptions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.yaml.YamlLimits;
import io.playbatch.connections.ConnectionSettings;
import io.playbatch.mcp.LegacyMcpProperties;
import io.playbatch.render.TemplateLimitSettings;
import io.playbatch.render.TemplateVariables;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * The one way Playbatch builds its {@link PlaybookCompiler}: with the operator's allowlist of MCP
 * stdio programs ({@value #STDIO_ALLOWLIST}, rule MCP004), YAML limits ({@value #YAML_LIMITS}.*,
 * PB054-PB056) and the template nesting limit ({@value TemplateLimitSettings#TEMPLATE_DEPTH}, PB052),
 * and the configured connection names ({@value ConnectionSettings#PREFIX}{@code .<name>.*}, PB061),
 * the names of the template vars ({@value TemplateVariables#PREFIX}.*, PB028, when any is set),
 * so the CLI, the server, restarts, replays and sub-playbooks all judge a playbook alike; and with
 * the playbook roots ({@value #PLAYBOOK_ROOTS}) that a file's catalog path is relative to. Inside
 * the application it also knows the beans playbooks may call (docs/beans.md).
 */
@Configuration(proxyBeanMethods = false)
public class PlaybookCompilerConfiguration {

    /** Comma-separated programs an MCP stdio server's argv[0] may be (docs/mcp.md). */
    public static final String STDIO_ALLOWLIST = "playbatch.mcp.stdio.allowed-commands";

    /** The prefix of the compiler's limits (docs/security.md): what one playbook file may cost to read. */
    public static final String YAML_LIMITS = "playbatch.limits";

    /** Comma-separated directories; a playbook file is named by its path relative to the first that holds it. */
    public static final String PLAYBOOK_ROOTS = PlaybookRoots.PROPERTY;

    /** The application's compiler also knows the beans playbooks may call (PB091), which the CLI's does not. */
    @Bean
    public PlaybookCompiler playbookCompiler(Environment environment, PlaybookBeans beans) {
        return new PlaybookCompiler(compilerFor(environment).options().withBeans(beans.names()));
    }

    /**
     * A compiler configured from {@code environment}; CLI commands that compile before the
     * application starts pass a {@code StandardEnvironment} (system properties and environment variables).
     */
    public static PlaybookCompiler compilerFor(Environment environment) {
        if (environment instanceof ConfigurableEnvironment configurable) {
            // The CLI compiles before (or without) the application, so Boot's post-processor has not run.
            new LegacyMcpProperties(log -> log.get()).apply(configurable);
        }
        Set<String> allowed = Binder.get(environment).bind(STDIO_ALLOWLIST, Bindable.listOf(String.class))
                .orElse(List.of()).stream().map(String::trim).filter(c -> !c.isEmpty())
                .collect(Collectors.toSet());
        List<Path> roots = Binder.get(environment).bind(PLAYBOOK_ROOTS, Bindable.listOf(String.class))
                .orElse(List.of(CatalogPaths.DEFAULT_ROOT)).stream().map(String::trim).filter(r -> !r.isEmpty())
                .map(Path::of).toList();
        try {
            Set<String> vars = TemplateVariables.from(environment).values().keySet();
            // A process with no var configured (a laptop's `validate`) cannot tell a missing var from one
            // the server defines, so it leaves `$vars.NAME` to the renderer.
            return new PlaybookCompiler(CompilerOptions.defaults().withAllowedStdioCommands(allowed)
                    .withYamlLimits(yamlLimits(Binder.get(environment)))
                    .withTemplateDepth(TemplateLimitSettings.from(environment).depth())
                    .withPlaybookRoots(roots)
                    .withConnections(ConnectionSettings.from(environment).keySet())
                    .withTemplateVars(vars.isEmpty() ? null : vars));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(e.getMessage(), e);
        }
    }

    /** {@value #YAML_LIMITS}{@code .yaml-bytes}, {@code .yaml-depth} and {@code .yaml-aliases}; unset ones keep their default. */
    static YamlLimits yamlLimits(Binder binder) {
        YamlLimits defaults = YamlLimits.defaults();
        return new YamlLimits(
                // Beyond an int is beyond YamlLimits' ceiling too, which then names the property.
                binder.bind(YAML_LIMITS + ".yaml-bytes", DataSize.class)
                        .map(size -> (int) Math.min(size.toBytes(), Integer.MAX_VALUE)).orElse(defaults.maxBytes()),
                binder.bind(YAML_LIMITS + ".yaml-depth", Integer.class).orElse(defaults.maxDepth()),
                binder.bind(YAML_LIMITS + ".yaml-aliases", Integer.class).orElse(defaults.maxAliases()));
    }
}
