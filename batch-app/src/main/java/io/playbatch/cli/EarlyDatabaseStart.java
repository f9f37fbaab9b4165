package io.playbatch.cli;

import io.playbatch.database.DatabaseProperties;
import io.playbatch.database.EarlyEmbeddedServer;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a command's embedded PostgreSQL as soon as its environment says where the data is, and hands
 * the start to the context ({@link EarlyEmbeddedServer}): the server then starts while Spring parses
 * its configuration, rather than after. For one command, once: close it after the context started or
 * failed.
 */
final class EarlyDatabaseStart implements ApplicationListener<ApplicationEnvironmentPreparedEvent>,
        ApplicationContextInitializer<ConfigurableApplicationContext>, AutoCloseable {

    private EarlyEmbeddedServer server;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        DatabaseProperties database = Binder.get(event.getEnvironment()).bind("playbatch.db", DatabaseProperties.class)
                .orElseGet(() -> new DatabaseProperties(null, null, null, null, null, null));
        if (!database.external()) {
            server = EarlyEmbeddedServer.begin(database.dataDir());
        }
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (server != null) {
            context.getBeanFactory().registerSingleton("earlyEmbeddedServer", server);
        }
    }

    /** Stops the server only if the context never took it (it failed first); a taken one is the context's. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
