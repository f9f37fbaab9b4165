package io.playbatch.cli;

import io.playbatch.PlaybatchApplication;
import io.playbatch.database.DatabaseProperties;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code playbatch serve}: the long-running server process. It runs queue workers (so several
 * processes sharing one database share the work), serves the web console at {@code /}, exposes
 * health and Prometheus metrics under {@code /actuator}, and fires the registered playbooks'
 * schedules (Quartz, clustered). Binds to 127.0.0.1 unless told otherwise, and refuses a non-loopback address
 * without an operator token. With {@code --mcp} it also serves Playbatch's MCP endpoint at {@code /mcp}
 * (docs/mcp.md). Runs until stopped (SIGTERM or Ctrl-C), letting running tasks finish.
 */
@Command(name = "serve", description = "Run the server: queue workers, the web console (/), health and Prometheus metrics (/actuator).")
class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "HTTP port (default 8080; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default 127.0.0.1). Any other address needs PLAYBATCH_API_TOKEN.")
    String bind;

    @Option(names = "--mcp", description = "Serve Playbatch's own MCP endpoint at /mcp (playbatch.mcp.server.enabled;"
            + " default off). Only playbooks with metadata.mcp.expose: true are offered.")
    boolean mcp;

    @Option(names = "--mcp-operator-tools", description = "With --mcp: add the destructive stop_run and restart_run"
            + " tools (playbatch.mcp.server.operator-tools).")
    boolean mcpOperatorTools;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535, got " + port);
        }
        if (!isLoopback(bind) && isBlank(System.getenv("PLAYBATCH_API_TOKEN"))) {
            throw new UsageException("--bind " + bind + " is reachable from other machines; set PLAYBATCH_API_TOKEN"
                    + " (the operator token) first, or keep the default 127.0.0.1");
        }
        // Passed as command-line properties, which outrank application.properties (where, for the short
        // CLI commands, lazy initialization is on and the MCP server is off).
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", port);
        properties.put("server.address", bind);
        properties.put("spring.main.lazy-initialization", "false");
        // The one kind of process that fires schedules (Quartz, clustered over the database).
        properties.put("playbatch.scheduler.enabled", "true");
        // The one kind of process that resumes runs whose manager died: it lives on to run them
        // (docs/operations.md#automatic-resume); a short-lived `run` only recovers them.
        properties.put("playbatch.recovery.resume", "true");
        properties.put("logging.level.io.playbatch", database.verbose() ? "DEBUG" : "INFO");
        if (mcp) {
            properties.put("playbatch.mcp.server.enabled", "true");
        }
        if (mcpOperatorTools) {
            properties.put("playbatch.mcp.server.operator-tools", "true");
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PlaybatchApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(database.springProperties())
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        context.registerShutdownHook();
        String port = context.getEnvironment().getProperty("local.server.port", String.valueOf(this.port));
        announce(context, Integer.parseInt(port));
        boolean mcpEnabled = context.getEnvironment().getProperty("playbatch.mcp.server.enabled", Boolean.class, false);
        spec.commandLine().getOut().println("Playbatch is serving on http://" + bind + ":" + port
                + " (web console: /, metrics: /actuator/prometheus, health: /actuator/health"
                + (mcpEnabled ? ", MCP: /mcp" : "") + "); stop with Ctrl-C");
        spec.commandLine().getOut().flush();
        closed.await();
        return ExitCodes.OK;
    }

    /**
     * Writes {@code server.json} in the embedded database's data directory, so that the CLI's read commands
     * and operator verbs on that directory ask this server instead of opening its database (docs/cli.md);
     * removed when the server stops.
     */
    private void announce(ConfigurableApplicationContext context, int port) {
        DatabaseProperties properties = context.getBean(DatabaseProperties.class);
        if (properties.external()) {
            return;
        }
        Path dataDirectory = properties.dataDir().toAbsolutePath();
        long pid = ProcessHandle.current().pid();
        new ServerFile(URI.create("http://" + urlHost(bind) + ":" + port), pid, Instant.now()).write(dataDirectory);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                ServerFile.removeIfOwnedBy(dataDirectory, pid);
            }
        });
    }

    /** The host a local client reaches the server at: loopback for a wildcard bind, IPv6 in brackets. */
    private static String urlHost(String bind) {
        try {
            InetAddress address = InetAddress.getByName(bind);
            if (address.isAnyLocalAddress()) {
                return "127.0.0.1";
            }
            return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        } catch (UnknownHostException e) {
            return bind;
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new UsageException("--bind " + address + " is not an address of this machine: " + e.getMessage());
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
