package io.playbatch.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.PlaybatchApplication;
import io.playbatch.testsupport.TestDatabases;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code serve --mcp} passes {@code playbatch.mcp.server.enabled=true} as a default property, the
 * weakest kind: nothing in application.properties may override it, and without it /mcp is absent.
 */
class McpServeSwitchTest {

    @Test
    void theSwitchServeSetsTurnsMcpOnAndItsAbsenceLeavesItOff() throws Exception {
        assertThat(mcpStatus(true)).isEqualTo(200);
        assertThat(mcpStatus(false)).isEqualTo(404);
    }

    /** Starts the application as {@code serve} does and asks /mcp for its tools. */
    private static int mcpStatus(boolean enabled) throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>(TestDatabases.create().springProperties());
        properties.put("server.port", 0);
        properties.put("server.address", "127.0.0.1");
        properties.put("playbatch.worker.enabled", "false");
        if (enabled) {
            properties.put("playbatch.mcp.server.enabled", "true");
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlaybatchApplication.class)
                .web(WebApplicationType.SERVLET).properties(properties).run()) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            return McpTestClients.rawToolsList(port).statusCode();
        }
    }
}
