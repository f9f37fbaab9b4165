package io.playbatch.connections;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.playbatch.secrets.SecretResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The connections a playbook may name: {@code default} (Playbatch's own database) and each one
 * configured under {@code playbatch.connections.<name>} (docs/connections.md). A named connection's
 * pool (Hikari, at most {@code pool-size} connections, an idle one closed after a minute) is created
 * the first time a step uses it, measured by Micrometer as
 * {@code hikaricp.connections.*{pool="playbatch-NAME"}}, and closed by {@link #close()} at shutdown. A password written {@code $secrets.NAME} is resolved when
 * the pool is created, never stored. Thread-safe.
 */
public final class ConnectionRegistry implements AutoCloseable {

    private final Map<String, ConnectionSettings> settings;
    private final NamedConnection defaultConnection;
    private final SecretResolver secrets;
    private final MeterRegistry meters;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    /**
     * @param settings the named connections, by name ({@link ConnectionSettings#from})
     * @param playbatch Playbatch's own database, the connection {@code default}
     * @param meters where the pools' meters go, or null for none
     */
    public ConnectionRegistry(Map<String, ConnectionSettings> settings, DataSource playbatch, SecretResolver secrets,
            MeterRegistry meters) {
        this.settings = Map.copyOf(settings);
        this.defaultConnection = new NamedConnection(ConnectionSettings.DEFAULT, playbatch,
                TransactionOperations.withoutTransaction());
        this.secrets = secrets;
        this.meters = meters;
    }

    /** {@code default} first, then the configured names in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(ConnectionSettings.DEFAULT);
        settings.keySet().stream().sorted().forEach(names::add);
        return names;
    }

    /**
     * The connection {@code name} ({@code null} means {@code default}), its pool created on first use.
     * Throws {@link UnknownConnectionException} for a name that is not configured, and
     * {@link io.playbatch.secrets.SecretUnavailableException} when its password's secret has no value.
     */
    public NamedConnection connection(String name) {
        if (name == null || ConnectionSettings.DEFAULT.equals(name)) {
            return defaultConnection;
        }
        ConnectionSettings configured = settings.get(name);
        if (configured == null) {
            throw new UnknownConnectionException("unknown connection '" + name + "'; the configured connections are "
                    + String.join(", ", names()) + " (add it with " + ConnectionSettings.PREFIX + "." + name
                    + ".url, or the environment variable " + ConnectionSettings.environmentVariable(name, "URL")
                    + "; docs/connections.md)");
        }
        return pools.computeIfAbsent(name, n -> open(n, configured)).connection();
    }

    /** Closes every pool opened so far; a connection used afterwards opens a new one. */
    @Override
    public void close() {
        for (String name : List.copyOf(pools.keySet())) {
            Pool pool = pools.remove(name);
            if (pool != null) {
                pool.dataSource().close();
            }
        }
    }

    private Pool open(String name, ConnectionSettings configured) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("playbatch-" + name);
        config.setJdbcUrl(configured.url());
        config.setUsername(configured.user());
        config.setPassword(configured.resolvedPassword(secrets));
        config.setMaximumPoolSize(configured.poolSize());
        // A pool that a playbook used once should not hold connections to another team's database for ever.
        config.setMinimumIdle(0);
        config.setIdleTimeout(60_000);
        config.setConnectionTimeout(10_000);
        // Created lazily inside a step: an unreachable database fails that step with the driver's reason,
        // on first use, rather than here with Hikari's wrapper.
        config.setInitializationFailTimeout(-1);
        config.setReadOnly(configured.readOnly());
        if (configured.readOnly() && configured.url().startsWith("jdbc:postgresql:")) {
            // pgjdbc applies read-only only to transactions it opens; a sql task's statements autocommit.
            config.addDataSourceProperty("readOnlyMode", "always");
        }
        if (meters != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        return new Pool(dataSource, new NamedConnection(name, dataSource, transactions));
    }

    private record Pool(HikariDataSource dataSource, NamedConnection connection) {
    }
}
