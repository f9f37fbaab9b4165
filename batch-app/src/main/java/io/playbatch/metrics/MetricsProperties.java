package io.playbatch.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code playbatch.metrics.*}: the cluster-wide gauges (docs/metrics.md) are read from the database
 * by the server every {@code cluster-refresh} (default 10s; a scrape between two refreshes reads the
 * cached values), unless {@code cluster-enabled} is false.
 */
@ConfigurationProperties("playbatch.metrics")
public record MetricsProperties(Boolean clusterEnabled, Duration clusterRefresh) {

    public MetricsProperties {
        clusterEnabled = clusterEnabled == null || clusterEnabled;
        clusterRefresh = clusterRefresh == null || clusterRefresh.isZero() || clusterRefresh.isNegative()
                ? Duration.ofSeconds(10) : clusterRefresh;
    }
}
