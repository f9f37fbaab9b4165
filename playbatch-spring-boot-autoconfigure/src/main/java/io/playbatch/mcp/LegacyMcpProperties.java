package io.playbatch.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Keeps the MCP settings' former prefix {@code batch.mcp.*} working for one release (docs/mcp.md,
 * Settings): every {@code batch.mcp.X} (or {@code BATCH_MCP_X} environment variable) is also offered as
 * {@code playbatch.mcp.X}, at the lowest precedence so that a setting under the new name wins, and
 * each old name in use is logged once as deprecated. Applied by Spring Boot to the application's
 * environment, and by the CLI commands that compile without starting the application.
 */
public class LegacyMcpProperties implements EnvironmentPostProcessor {

    static final String SOURCE = "playbatch.mcp (from deprecated batch.mcp)";
    private static final String OLD = "batch.mcp.";
    private static final String NEW = "playbatch.mcp.";
    private static final String OLD_ENV = "BATCH_MCP_";
    private static final String NEW_ENV = "PLAYBATCH_MCP_";

    private final Log log;

    /** Boot passes its deferred logs; the CLI passes {@code log -> log.get()}. */
    public LegacyMcpProperties(DeferredLogFactory logs) {
        this.log = logs.getLog(LegacyMcpProperties.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        apply(environment);
    }

    /** Adds the new names of the old ones {@code environment} holds; applying it twice changes nothing. */
    public void apply(ConfigurableEnvironment environment) {
        if (environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        Map<String, Object> renamed = new LinkedHashMap<>();
        Map<String, Object> renamedVariables = new LinkedHashMap<>();
        List<String> oldNames = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> names)) {
                continue;
            }
            boolean variables = source instanceof SystemEnvironmentPropertySource;
            for (String name : names.getPropertyNames()) {
                if (!variables && name.startsWith(OLD)) {
                    renamed.putIfAbsent(NEW + name.substring(OLD.length()), source.getProperty(name));
                    oldNames.add(name);
                } else if (variables && name.startsWith(OLD_ENV)) {
                    renamedVariables.putIfAbsent(NEW_ENV + name.substring(OLD_ENV.length()), source.getProperty(name));
                    oldNames.add(name);
                }
            }
        }
        if (oldNames.isEmpty()) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, renamed));
        // Boot maps names to environment variables only in sources named like the system environment's.
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource(
                "playbatchMcpFromDeprecated-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                renamedVariables));
        log.warn("Deprecated setting names " + oldNames + ": the MCP settings are now named playbatch.mcp.*"
                + " (environment variables PLAYBATCH_MCP_*); batch.mcp.* still works in this release only");
    }
}
