package io.playbatch.connections;

import io.micrometer.core.instrument.MeterRegistry;
import io.playbatch.secrets.SecretResolver;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The application's one {@link ConnectionRegistry}, closed with the application context. */
@Configuration(proxyBeanMethods = false)
public class ConnectionsConfiguration {

    @Bean(destroyMethod = "close")
    ConnectionRegistry connectionRegistry(Environment environment, DataSource dataSource, SecretResolver secrets,
            ObjectProvider<MeterRegistry> meters) {
        return new ConnectionRegistry(ConnectionSettings.from(environment), dataSource, secrets,
                meters.getIfAvailable());
    }
}
