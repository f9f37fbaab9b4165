package io.playbatch.cli;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Logging for commands that run without the Spring application but use libraries that log (the
 * MCP client of {@code validate --online}): the application's own configuration
 * ({@code logback-spring.xml}: WARN and above, on stderr), so stdout keeps only the command's
 * result and {@code --json} stays parseable. Without it Logback's default would log DEBUG to stdout.
 */
final class CliLogging {

    private CliLogging() {
    }

    static void toStderr(ConfigurableEnvironment environment) {
        LoggingSystem logging = LoggingSystem.get(CliLogging.class.getClassLoader());
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(environment), "classpath:logback-spring.xml", null);
    }
}
