package io.playbatch.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code playbatch.metrics.*}: the cluster-wide gauges (docs/metrics.md) are read from the database
 * by the server every {@code cluster-refresh} (default 10s; a scrape between two refreshes reads the
 * cached values), unless {@code cluster-enabled} is false; the finished executions they count are
 * those created within the last {@code recent-window} (default 1h).
 */
@ConfigurationProperties("playbatch.metrics")
public record MetricsProperties(Boolean clusterEnabled, Duration clusterRefresh, Duration recentWindow) {

    public MetricsProperties {
        clusterEnabled = clusterEnabled == null || clusterEnabled;
        clusterRefresh = clusterRefresh == null || clusterRefresh.isZero() || clusterRefresh.isNegative()
                ? Duration.ofSeconds(10) : clusterRefresh;
        recentWindow = recentWindow == null || recentWindow.isZero() || recentWindow.isNegative()
                ? Duration.ofHours(1) : recentWindow;
    }
}
