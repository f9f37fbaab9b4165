package io.playbatch.cli;

import io.playbatch.PlaybatchApplication;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * Auto-configurations a command never uses: health, endpoints and the JVM's meters are read through
     * {@code serve}'s web server, which a command has none of, and pages are rendered only there too.
     * Leaving them out spares each command their parsing and the beans they create eagerly.
     */
    private static final List<String> NOT_FOR_COMMANDS = List.of(
            "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.info.InfoContributorAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration",
            "org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.application.DiskSpaceHealthContributorAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.application.SslHealthContributorAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.ssl.SslMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.startup.StartupTimeMetricsListenerAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.system.SystemMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration",
            "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration");

    private ApplicationContexts() {
    }

    static ConfigurableApplicationContext open(DatabaseOptions database, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new LinkedHashMap<>(database.springProperties());
        properties.put("spring.autoconfigure.exclude", String.join(",", NOT_FOR_COMMANDS));
        properties.putAll(extraProperties);
        try (EarlyDatabaseStart earlyStart = new EarlyDatabaseStart()) {
            return new SpringApplicationBuilder(PlaybatchApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties(properties)
                    .logStartupInfo(false)
                    .listeners(earlyStart)
                    .initializers(earlyStart)
                    .run();
        }
    }
}
