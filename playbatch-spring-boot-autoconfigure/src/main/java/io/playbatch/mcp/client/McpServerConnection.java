package io.playbatch.mcp.client;

import io.playbatch.taskmodel.TaskFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a worker reaches one MCP server, as a rendered task carries it under {@code args.server}:
 * {@code {name, url, headers}} (streamable HTTP) or {@code {name, command, env}} (stdio), plus
 * {@code connect_timeout_ms} and {@code call_timeout_ms}. The server renders it from
 * {@code mcp.servers.NAME}; secret references in it are resolved by the worker just before the
 * call, so the stored task never holds a secret value. Immutable.
 */
public record McpServerConnection(String name, String url, Map<String, String> headers, List<String> command,
        Map<String, String> env, Duration connectTimeout, Duration callTimeout) {

    public McpServerConnection {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public boolean isStdio() {
        return url == null;
    }

    /** Reads {@code args.server} of a rendered task; a malformed one is {@code bad_args}. */
    public static McpServerConnection fromArgs(Object server) {
        if (!(server instanceof Map<?, ?> map)) {
            throw new TaskFailure("bad_args", "MCP task: args.server must be a mapping with url or command, got "
                    + server);
        }
        String name = String.valueOf(map.get("name"));
        String url = map.get("url") == null ? null : String.valueOf(map.get("url"));
        List<String> command = new ArrayList<>();
        if (map.get("command") instanceof List<?> argv) {
            argv.forEach(a -> command.add(String.valueOf(a)));
        }
        if ((url == null) == command.isEmpty()) {
            throw new TaskFailure("bad_args", "MCP server '" + name + "': exactly one of url or command is required");
        }
        return new McpServerConnection(name, url, strings(map.get("headers")), command, strings(map.get("env")),
                millis(map.get("connect_timeout_ms"), Duration.ofSeconds(5)),
                millis(map.get("call_timeout_ms"), Duration.ofSeconds(60)));
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    private static Duration millis(Object value, Duration fallback) {
        return value instanceof Number n ? Duration.ofMillis(n.longValue()) : fallback;
    }

    /** For messages: the server's name and where it is. */
    public String describe() {
        return "'" + name + "' (" + (url != null ? url : "stdio " + command.get(0)) + ")";
    }
}
