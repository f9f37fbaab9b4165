package io.playbatch.cli;

import io.playbatch.connections.ConnectionSettings;
import io.playbatch.connections.DriverLibrary;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.playbatch.json.JsonCodec;
import io.playbatch.secrets.SecretsConfiguration;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code playbatch connections list | test NAME}: the connections a playbook may name
 * (docs/connections.md), read from the environment and system properties as every command reads
 * them, and whether one answers. A password is never printed, only whether one is set.
 */
@Command(name = "connections", description = "List the database connections playbooks may name, or test one.",
        subcommands = {ConnectionsCommand.ListVerb.class, ConnectionsCommand.TestVerb.class})
class ConnectionsCommand extends VerbGroup {

    /** What both verbs take: {@code --json} and the database options, which {@code --lib} is one of. */
    abstract static class ConnectionsVerb extends JsonVerb {

        /** System properties and the environment, under the options given on the command line. */
        StandardEnvironment environment() {
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().addFirst(new MapPropertySource("command line",
                    database.springProperties()));
            return environment;
        }
    }

    @Command(name = "list", description = "List 'default' (Playbatch's own database) and every connection configured"
            + " under playbatch.connections.NAME.* (PLAYBATCH_CONNECTIONS_NAME_*), without passwords.")
    static class ListVerb extends ConnectionsVerb {

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            StandardEnvironment environment = environment();
            Object defaultUrl = environment.getProperty("playbatch.db.url");
            List<Listed> rows = new ArrayList<>();
            rows.add(new Listed(ConnectionSettings.DEFAULT, defaultUrl == null
                    ? "embedded PostgreSQL of the data directory"
                    : ConnectionSettings.displayUrl(defaultUrl.toString()), null, null, null, false));
            ConnectionSettings.from(environment).forEach((name, settings) -> rows.add(new Listed(name,
                    ConnectionSettings.displayUrl(settings.url()), settings.user(), settings.password() != null,
                    settings.poolSize(), settings.readOnly())));
            if (json) {
                out.println(new JsonCodec().writePretty(rows));
            } else {
                out.printf("%-16s %-9s %-5s %-12s %s%n", "NAME", "PASSWORD", "POOL", "ACCESS", "URL (USER)");
                for (Listed row : rows) {
                    out.printf("%-16s %-9s %-5s %-12s %s%n", row.name(),
                            row.passwordSet() == null ? "-" : row.passwordSet() ? "set" : "none",
                            row.poolSize() == null ? "-" : row.poolSize(), row.readOnly() ? "read-only" : "read-write",
                            row.url() + (row.user() == null ? "" : " (" + row.user() + ")"));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }

        /** One line of the list; {@code default} has no password, pool size or user of its own to show. */
        record Listed(String name, String url, String user, @JsonProperty("password_set") Boolean passwordSet,
                @JsonProperty("pool_size") Integer poolSize, @JsonProperty("read_only") boolean readOnly) {
        }
    }

    @Command(name = "test", description = "Open one connection to NAME and check that it answers: prints the"
            + " database's product and version, or the driver's error (exit 1). 'default' starts the application.")
    static class TestVerb extends ConnectionsVerb {
        @Parameters(paramLabel = "NAME", description = "A configured connection, or 'default'.")
        String name;

        @Override
        public Integer call() {
            if (ConnectionSettings.DEFAULT.equals(name)) {
                try (ConfigurableApplicationContext context = ApplicationContexts.open(database,
                        ApplicationContexts.NO_WORKER)) {
                    return test(context.getBean(DataSource.class));
                }
            }
            StandardEnvironment environment = environment();
            Map<String, ConnectionSettings> configured = ConnectionSettings.from(environment);
            ConnectionSettings settings = configured.get(name);
            if (settings == null) {
                List<String> names = new ArrayList<>(List.of(ConnectionSettings.DEFAULT));
                names.addAll(configured.keySet());
                throw new UsageException("no connection '" + name + "' is configured; the connections are "
                        + String.join(", ", names) + " (add it with " + ConnectionSettings.PREFIX + "." + name
                        + ".url or " + ConnectionSettings.environmentVariable(name, "URL") + ", docs/connections.md)");
            }
            String password;
            try {
                password = settings.resolvedPassword(SecretsConfiguration.resolverFor(environment));
            } catch (RuntimeException e) {
                return report(false, e.getMessage());
            }
            DriverLibrary.from(environment).register();
            // One connection outside any pool: the answer comes at once, not after a pool's connection timeout.
            DriverManagerDataSource dataSource = new DriverManagerDataSource(settings.url(), settings.user(), password);
            return test(dataSource);
        }

        private int test(DataSource dataSource) {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isValid(5)) {
                    return report(false, "the connection opened but did not answer within 5 seconds");
                }
                DatabaseMetaData metaData = connection.getMetaData();
                return report(true, metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion());
            } catch (SQLException | RuntimeException e) {
                return report(false, reason(e));
            }
        }

        private int report(boolean ok, String detail) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> outcome = new LinkedHashMap<>();
                outcome.put("name", name);
                outcome.put("ok", ok);
                outcome.put(ok ? "database" : "error", detail);
                out.println(new JsonCodec().writePretty(outcome));
            } else {
                out.println(name + ": " + (ok ? "ok, " : "failed: ") + detail);
            }
            out.flush();
            return ok ? ExitCodes.OK : ExitCodes.RUN_FAILED;
        }

        /** The driver's own words: the innermost cause that has a message. */
        private static String reason(Throwable e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
                if (t.getMessage() != null) {
                    reason = t.getMessage();
                }
            }
            return reason;
        }
    }
}
