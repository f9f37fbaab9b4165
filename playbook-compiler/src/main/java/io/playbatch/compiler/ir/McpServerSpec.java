package io.playbatch.compiler.ir;

import io.playbatch.compiler.diag.SourcePosition;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to reach one MCP server ({@code mcp.servers.NAME}), with defaults applied: exactly one of
 * {@code url} (streamable HTTP) or {@code command} (stdio argv, argv[0] allowlisted by the operator).
 * String values may be Velocity templates over {@code $workload} and {@code $secrets}; the runtime
 * renders them per task. Immutable.
 *
 * @param headers        HTTP headers (empty for stdio); credential-like ones are {@code $secrets} references
 * @param command        the stdio argv, empty for an HTTP server
 * @param env            environment added to a stdio child process
 * @param connectTimeout connect and initialize timeout (default {@link #DEFAULT_CONNECT_TIMEOUT})
 * @param callTimeout    one request's timeout (default {@link #DEFAULT_CALL_TIMEOUT})
 * @param position       where the server is declared (its key under {@code mcp.servers}), for diagnostics
 */
public record McpServerSpec(String name, String url, Map<String, String> headers, List<String> command,
        Map<String, String> env, Duration connectTimeout, Duration callTimeout, SourcePosition position) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

    public McpServerSpec {
        headers = headers == null ? Map.of() : IrValues.copyOrdered(headers);
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : IrValues.copyOrdered(env);
    }

    /** Whether the server is a child process spoken to over stdio (else streamable HTTP at {@code url}). */
    public boolean isStdio() {
        return url == null && !command.isEmpty();
    }
}
