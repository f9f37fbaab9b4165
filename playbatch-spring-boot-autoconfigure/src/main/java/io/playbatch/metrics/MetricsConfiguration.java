package io.playbatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.TaskScheduler;

/**
 * The cluster-wide gauges, in the server only ({@code playbatch serve}, the one web application):
 * a short-lived CLI process is never scraped, so it reads nothing for them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsConfiguration {

    @Bean
    @ConditionalOnWebApplication
    @ConditionalOnProperty(prefix = "playbatch.metrics", name = "cluster-enabled", havingValue = "true",
            matchIfMissing = true)
    ClusterGauges clusterGauges(NamedParameterJdbcTemplate jdbc, MetricsProperties properties, MeterRegistry meters,
            TaskScheduler playbatchTaskScheduler) {
        return new ClusterGauges(new ClusterStateQuery(jdbc, properties.recentWindow()), properties, meters,
                playbatchTaskScheduler);
    }
}
