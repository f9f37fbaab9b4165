package io.playbatch;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * What the standalone application turns on that a host application of the starter leaves off
 * (docs/spring.md): its queue workers and its front doors, and no playbooks registered as jobs. A
 * property source just above Playbatch's library defaults, not {@code application.properties}, so
 * that a command's own default properties (the CLI's {@code playbatch.worker.enabled=false} for
 * commands that run no task) still win.
 */
public class StandaloneDefaults implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String SOURCE = "playbatchStandaloneDefaults";

    /** The name of the starter's defaults ({@code io.playbatch.autoconfigure.PlaybatchDefaults}). */
    private static final String LIBRARY_DEFAULTS = "playbatchDefaults";

    /**
     * No playbook is a job of the application at start-up: the standalone application runs playbook files
     * and the catalog's revisions, named on its command line, API or console.
     */
    private static final Map<String, Object> DEFAULTS = Map.of(
            "playbatch.worker.enabled", "true",
            "playbatch.api.enabled", "true",
            "playbatch.console.enabled", "true",
            "playbatch.playbooks.locations", "");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        if (sources.contains(SOURCE)) {
            return;
        }
        MapPropertySource defaults = new MapPropertySource(SOURCE, DEFAULTS);
        if (sources.contains(LIBRARY_DEFAULTS)) {
            sources.addBefore(LIBRARY_DEFAULTS, defaults);
        } else {
            // The library's initializer, running later, adds its source after this one.
            sources.addLast(defaults);
        }
    }
}
