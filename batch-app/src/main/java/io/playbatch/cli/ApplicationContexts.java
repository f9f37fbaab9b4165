package io.playbatch.cli;

import io.playbatch.PlaybatchApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring application for one CLI command, without a web server. */
final class ApplicationContexts {

    /**
     * For commands that only read: a worker in them would lease other runs' queue rows for the few
     * seconds the command lives, and then make it wait for those tasks on the way out.
     */
    static final Map<String, Object> NO_WORKER = Map.of("playbatch.worker.enabled", "false");

    private ApplicationContexts() {
    }

    static ConfigurableApplicationContext open(DatabaseOptions database, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new LinkedHashMap<>(database.springProperties());
        properties.putAll(extraProperties);
        return new SpringApplicationBuilder(PlaybatchApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .logStartupInfo(false)
                .run();
    }
}
