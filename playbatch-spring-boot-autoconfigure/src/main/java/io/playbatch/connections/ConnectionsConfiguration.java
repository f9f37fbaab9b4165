package io.playbatch.connections;

import io.micrometer.core.instrument.MeterRegistry;
import io.playbatch.secrets.SecretResolver;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The application's one {@link ConnectionRegistry}, closed with the application context, and the
 * drivers of the lib directory ({@link DriverLibrary}), registered before any pool opens.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConnectionsConfiguration.class);

    @Bean(destroyMethod = "close")
    ConnectionRegistry connectionRegistry(Environment environment, DataSource dataSource, SecretResolver secrets,
            ObjectProvider<MeterRegistry> meters) {
        DriverLibrary.from(environment).register().forEach(driver -> log.info("JDBC driver {} registered", driver));
        return new ConnectionRegistry(ConnectionSettings.from(environment), dataSource, secrets,
                meters.getIfAvailable());
    }
}
