package io.playbatch.secrets;

import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The worker's {@link SecretResolver}: the process environment, and the secrets file named by
 * {@code playbatch.secrets.file} (or the environment variable {@code PLAYBATCH_SECRETS_FILE}).
 */
@Configuration(proxyBeanMethods = false)
public class SecretsConfiguration {

    @Bean
    SecretResolver secretResolver(Environment environment) {
        return resolverFor(environment);
    }

    /** The resolver of {@code environment}; commands that run without the application (validate --online) use it. */
    public static SecretResolver resolverFor(Environment environment) {
        String file = environment.getProperty("playbatch.secrets.file");
        return new SecretResolver(System.getenv(), file == null || file.isBlank() ? null : Path.of(file));
    }
}
