package io.playbatch.cli;

import io.playbatch.PlaybatchApplication;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring application for one CLI command, without a web server. */
final class ApplicationContexts {

    private ApplicationContexts() {
    }

    static ConfigurableApplicationContext open(DatabaseOptions database, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new java.util.LinkedHashMap<>(database.springProperties());
        properties.putAll(extraProperties);
        return new SpringApplicationBuilder(PlaybatchApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .logStartupInfo(false)
                .run();
    }
}
