package io.playbatch.mcp.client;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.playbatch.taskmodel.TaskFailure;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Opens one MCP client (the official SDK's sync client) for one task execution: connect and
 * {@code initialize}, one call, close. No session outlives the call, so nothing is lost when a
 * lease moves to another worker (and stateless 2026-07-28 servers need none). HTTP servers are
 * reached over streamable HTTP with the server's headers; stdio servers are started as child
 * processes, but only when argv[0] is in {@code playbatch.mcp.stdio.allowed-commands} (checked here,
 * at run time, as well as by the compiler). Responses larger than {@code playbatch.mcp.max-response-bytes}
 * are refused by the transport. Thread-safe.
 */
@Component
public class McpClientFactory {

    private static final Logger log = LoggerFactory.getLogger(McpClientFactory.class);

    private final List<String> allowedCommands;
    private final int maxResponseBytes;

    public McpClientFactory(@Value("${playbatch.mcp.stdio.allowed-commands:}") List<String> allowedCommands,
            @Value("${playbatch.mcp.max-response-bytes:16777216}") int maxResponseBytes) {
        this.allowedCommands = allowedCommands.stream().map(String::trim).filter(c -> !c.isEmpty()).toList();
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * A factory configured from {@code environment} as the application's bean is (the allowlist and
     * the response limit), for commands that run without the Spring application ({@code validate --online}).
     */
    public static McpClientFactory forEnvironment(Environment environment) {
        return new McpClientFactory(Binder.get(environment).bind("playbatch.mcp.stdio.allowed-commands",
                Bindable.listOf(String.class)).orElse(List.of()),
                environment.getProperty("playbatch.mcp.max-response-bytes", Integer.class, 16777216));
    }

    /**
     * Opens an initialized client, runs {@code call} with it and closes it. A failure to start,
     * connect or initialize is {@code mcp_unavailable} (nothing was sent, so any tool may be
     * retried); a stdio command outside the allowlist is {@code mcp_command_not_allowed}. What
     * {@code call} throws is passed on for the caller to classify.
     */
    public <T> T withClient(McpServerConnection server, Function<McpSyncClient, T> call) {
        McpSyncClient client = open(server);
        try {
            return call.apply(client);
        } finally {
            try {
                client.close();
            } catch (RuntimeException e) {
                log.debug("closing the MCP client of server {} failed", server.describe(), e);
            }
        }
    }

    private McpSyncClient open(McpServerConnection server) {
        McpClientTransport transport = transport(server);
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("playbatch", "2"))
                .initializationTimeout(server.connectTimeout())
                .requestTimeout(server.callTimeout())
                .build();
        try {
            client.initialize();
            return client;
        } catch (RuntimeException e) {
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // The connection never came up; there is nothing left to close cleanly.
            }
            throw new TaskFailure("mcp_unavailable", "MCP server " + server.describe() + " could not be reached or"
                    + " initialized within " + server.connectTimeout().toMillis() + " ms: " + message(e)
                    + " (fix: check that the server runs and the url/command is right; nothing was sent)", e);
        }
    }

    private McpClientTransport transport(McpServerConnection server) {
        if (server.isStdio()) {
            String program = server.command().get(0);
            if (!allowedCommands.contains(program)) {
                throw new TaskFailure("mcp_command_not_allowed", "MCP server '" + server.name() + "': command '"
                        + program + "' is not in playbatch.mcp.stdio.allowed-commands " + allowedCommands
                        + " (fix: ask an operator to allow it, or use a url server)");
            }
            ServerParameters parameters = ServerParameters.builder(program)
                    .args(server.command().subList(1, server.command().size())).env(server.env()).build();
            StdioClientTransport stdio = new StdioClientTransport(parameters, McpJsonDefaults.getMapper(),
                    maxResponseBytes);
            stdio.setStdErrorHandler(line -> log.debug("MCP server '{}' stderr: {}", server.name(), line));
            return stdio;
        }
        URI uri = URI.create(server.url());
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String endpoint = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/mcp" : uri.getRawPath();
        HttpRequest.Builder request = HttpRequest.newBuilder();
        server.headers().forEach(request::header);
        return HttpClientStreamableHttpTransport.builder(base)
                .endpoint(endpoint)
                .requestBuilder(request)
                .connectTimeout(server.connectTimeout())
                .maxResponseSize(maxResponseBytes)
                .build();
    }

    /** {@code e}'s message, with its root cause's when that adds something; also read by the online check. */
    public static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text;
    }
}
