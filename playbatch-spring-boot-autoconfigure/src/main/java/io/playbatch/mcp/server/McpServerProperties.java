package io.playbatch.mcp.server;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of Playbatch's own MCP endpoint (docs/mcp-server.md): {@code playbatch.mcp.server.enabled}
 * (default false) turns {@code /mcp} on in {@code playbatch serve}; {@code operator-tools} adds the
 * destructive {@code stop_run} and {@code restart_run}; {@code allowed-origins} are browser origins
 * accepted besides loopback ones ({@code http://example.com:8080}, or any port with {@code :*});
 * {@code allowed-hosts}, when not empty, are the only {@code Host} headers accepted.
 */
@ConfigurationProperties("playbatch.mcp.server")
public record McpServerProperties(boolean enabled, boolean operatorTools, List<String> allowedOrigins,
        List<String> allowedHosts) {

    /** Loopback origins are always allowed: a local agent or inspector page is the operator's own. */
    static final List<String> LOOPBACK_ORIGINS = List.of("http://localhost:*", "http://127.0.0.1:*",
            "http://[::1]:*", "https://localhost:*", "https://127.0.0.1:*", "https://[::1]:*");

    public McpServerProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }
}
