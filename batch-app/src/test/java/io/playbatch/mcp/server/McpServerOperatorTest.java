package io.playbatch.mcp.server;

import static io.playbatch.mcp.server.McpTestClients.call;
import static io.playbatch.mcp.server.McpTestClients.ok;
import static io.playbatch.mcp.server.McpTestClients.rawToolsList;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.TestDatabases;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * /mcp with the operator tools on, an operator token (playbatch.api.token, set by PLAYBATCH_API_TOKEN)
 * and configured origins and hosts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1", "playbatch.mcp.server.enabled=true", "playbatch.mcp.server.operator-tools=true",
        "playbatch.mcp.server.allowed-origins=https://console.example.com,http://tools.example.com:*",
        "playbatch.mcp.server.allowed-hosts=127.0.0.1:*",
        "playbatch.api.token=" + McpServerOperatorTest.TOKEN})
class McpServerOperatorTest extends McpEndpointTest {

    static final String TOKEN = "operator-token-for-tests";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }

    @Test
    void aRequestWithoutTheTokenGets401AndAWrongOne403() throws Exception {
        assertThat(rawToolsList(port).statusCode()).isEqualTo(401);
        // The operator-token filter (access.OperatorTokenFilter) guards POST /mcp like any state change.
        assertThat(rawToolsList(port, "Authorization", "Bearer wrong").statusCode()).isEqualTo(403);
        assertThat(rawToolsList(port).headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
        assertThat(rawToolsList(port, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void configuredOriginsAreServedAndOthersStillGet403() throws Exception {
        String auth = "Bearer " + TOKEN;
        assertThat(rawToolsList(port, "Authorization", auth, "Origin", "https://console.example.com").statusCode())
                .isEqualTo(200);
        assertThat(rawToolsList(port, "Authorization", auth, "Origin", "http://tools.example.com:8443").statusCode())
                .isEqualTo(200);
        assertThat(rawToolsList(port, "Authorization", auth, "Origin", "https://evil.example").statusCode())
                .isEqualTo(403);
    }

    @Test
    void operatorToolsAddStopAndRestartMarkedDestructive() {
        register("greeting.yaml");
        try (McpSyncClient client = McpTestClients.client(port, TOKEN)) {
            assertThat(client.listTools().tools()).extracting(Tool::name).containsExactlyInAnyOrder("list_playbooks",
                    "describe_playbook", "start_run", "get_run", "stop_run", "restart_run");
            assertThat(client.listTools().tools()).filteredOn(t -> t.name().endsWith("_run")
                    && !t.name().equals("start_run") && !t.name().equals("get_run"))
                    .allSatisfy(t -> assertThat(t.annotations().destructiveHint()).isTrue());

            String executionId = (String) ok(call(client, "start_run", Map.of("playbook", "tests/mcp/greeting",
                    "client_request_id", "op-1"))).get("execution_id");
            Deadline.await(Duration.ofSeconds(30), "execution " + executionId + " to complete",
                    () -> "COMPLETED".equals(ok(call(client, "get_run", Map.of("execution_id", executionId)))
                            .get("status")));
            // A COMPLETED run can be neither restarted nor stopped: each refusal is a tool error that says why.
            var refused = call(client, "restart_run", Map.of("execution_id", executionId));
            assertThat(refused.isError()).isTrue();
            assertThat(McpTestClients.text(refused)).contains("only a FAILED or STOPPED execution can be restarted");
            var notRunning = call(client, "stop_run", Map.of("execution_id", executionId));
            assertThat(notRunning.isError()).isTrue();
            assertThat(McpTestClients.text(notRunning)).contains("is COMPLETED, not running");
        }
    }
}
