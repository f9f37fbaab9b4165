package io.playbatch.mcp.server;

import static io.playbatch.mcp.server.McpTestClients.call;
import static io.playbatch.mcp.server.McpTestClients.ok;
import static io.playbatch.mcp.server.McpTestClients.rawToolsList;
import static io.playbatch.mcp.server.McpTestClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** docs/mcp.md#tests layer 5: an SDK client against Playbatch's own /mcp, default settings (no operator tools, no token). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "playbatch.mcp.server.enabled=true"})
class McpServerTest extends McpEndpointTest {

    private static final String GREETING = "tests/mcp/greeting";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }

    private McpSyncClient client;

    @BeforeEach
    void registerPlaybooksAndConnect() {
        register("greeting.yaml");
        register("declared.yaml");
        register("hidden.yaml");
        client = McpTestClients.client(port, null);
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void toolsListGivesExactlyTheFourDefaultToolsWithTheirAnnotations() {
        List<Tool> tools = client.listTools().tools();

        assertThat(tools).extracting(Tool::name)
                .containsExactlyInAnyOrder("list_playbooks", "describe_playbook", "start_run", "get_run");
        assertThat(tools).filteredOn(t -> !t.name().equals("start_run"))
                .allSatisfy(t -> assertThat(t.annotations().readOnlyHint()).isTrue());
        Tool start = tools.stream().filter(t -> t.name().equals("start_run")).findFirst().orElseThrow();
        assertThat(start.annotations().idempotentHint()).isTrue();
        assertThat(start.annotations().readOnlyHint()).isFalse();
        assertThat(start.inputSchema()).containsEntry("required", List.of("playbook", "client_request_id"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void listPlaybooksShowsOnlyExposedOnes() {
        List<Map<String, Object>> playbooks = (List<Map<String, Object>>) ok(call(client, "list_playbooks", Map.of()))
                .get("playbooks");

        assertThat(playbooks).extracting(p -> p.get("path")).containsExactly("tests/mcp/declared", GREETING);
        assertThat(playbooks.get(1)).containsEntry("name", "mcp_greeting")
                .containsEntry("description", "A playbook MCP clients may list and start");
    }

    @Test
    @SuppressWarnings("unchecked")
    void startRunReturnsStringIdsAtOnceAndGetRunIsPolledToCompleted() {
        Map<String, Object> started = ok(call(client, "start_run", Map.of("playbook", GREETING,
                "workload", Map.of("greeting", "Bonjour"), "client_request_id", "req-completed")));

        assertThat(started.get("execution_id")).isInstanceOf(String.class).asString().matches("[1-9][0-9]*");
        assertThat(started.get("run_id")).isInstanceOf(String.class).asString().matches("[1-9][0-9]*");
        assertThat(started).containsEntry("deduplicated", false);
        String executionId = (String) started.get("execution_id");

        AtomicReference<Map<String, Object>> run = new AtomicReference<>();
        Deadline.await(Duration.ofSeconds(30), "execution " + executionId + " to finish", () -> {
            run.set(ok(call(client, "get_run", Map.of("execution_id", executionId))));
            return Boolean.TRUE.equals(run.get().get("finished"));
        });
        assertThat(run.get()).containsEntry("status", "COMPLETED").containsEntry("execution_id", executionId)
                .containsEntry("run_id", started.get("run_id")).containsEntry("playbook", GREETING);
        assertThat((List<Map<String, Object>>) run.get().get("steps")).extracting(s -> s.get("name"))
                .contains("greet");
        assertThat(run.get().get("result")).isEqualTo("Bonjour");

        // An integer id is accepted too, and the run:// resource gives the same view.
        assertThat(ok(call(client, "get_run", Map.of("execution_id", Long.parseLong(executionId)))))
                .containsEntry("status", "COMPLETED");
        TextResourceContents resource = (TextResourceContents) client.readResource(
                new ReadResourceRequest("run://" + executionId)).contents().get(0);
        assertThat(resource.mimeType()).isEqualTo("application/json");
        assertThat(resource.text()).contains("\"execution_id\":\"" + executionId + "\"", "\"status\":\"COMPLETED\"");

        StoredEvent startedEvent = ledger.events(Long.parseLong(executionId)).get(0);
        assertThat(startedEvent.type()).isEqualTo(EventType.EXECUTION_STARTED);
        assertThat(startedEvent.context()).containsEntry("via", "mcp")
                .containsEntry("client_request_id", "req-completed");
        assertThat((Map<String, Object>) startedEvent.context().get("client")).containsKey("user_agent");
    }

    @Test
    void aPlaybookThatIsNotExposedIsRefusedWithHowToExposeIt() {
        long executionsBefore = executions();

        CallToolResult refused = call(client, "start_run", Map.of("playbook", "tests/mcp/hidden",
                "client_request_id", "req-hidden"));

        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).contains("'tests/mcp/hidden' is not exposed over MCP", "mcp: { expose: true }");
        assertThat(executions()).isEqualTo(executionsBefore);
        assertThat(call(client, "describe_playbook", Map.of("playbook", "tests/mcp/hidden")).isError()).isTrue();
        assertThatThrownBy(() -> client.readResource(new ReadResourceRequest("playbook://tests/mcp/hidden")))
                .isInstanceOf(McpError.class).hasMessageContaining("not exposed");
        CallToolResult unknown = call(client, "start_run", Map.of("playbook", "tests/mcp/nope",
                "client_request_id", "req-nope"));
        assertThat(unknown.isError()).isTrue();
        assertThat(text(unknown)).contains("no playbook 'tests/mcp/nope' is registered");
    }

    @Test
    void theSameClientRequestIdGivesOneRunAlsoWhenTwoCallsRace() throws Exception {
        Map<String, Object> arguments = Map.of("playbook", GREETING, "client_request_id", "req-once");
        Map<String, Object> first = ok(call(client, "start_run", arguments));
        Map<String, Object> second = ok(call(client, "start_run", arguments));
        assertThat(second.get("execution_id")).isEqualTo(first.get("execution_id"));
        assertThat(second).containsEntry("deduplicated", true);

        long before = executions();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Map<String, Object>>> racing = List.of(threads.submit(() -> race(go)), threads.submit(() -> race(go)));
            go.countDown();
            Map<String, Object> a = racing.get(0).get();
            Map<String, Object> b = racing.get(1).get();
            assertThat(a.get("execution_id")).isEqualTo(b.get("execution_id"));
            assertThat(List.of(a.get("deduplicated"), b.get("deduplicated"))).containsExactlyInAnyOrder(true, false);
        } finally {
            threads.shutdownNow();
        }
        assertThat(executions()).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM mcp_client_request WHERE client_request_id = 'req-race'",
                Long.class)).isOne();
    }

    private Map<String, Object> race(CountDownLatch go) throws Exception {
        try (McpSyncClient own = McpTestClients.client(port, null)) {
            go.await();
            return ok(call(own, "start_run", Map.of("playbook", GREETING, "client_request_id", "req-race")));
        }
    }

    @Test
    void aBadIdIsAToolErrorNamingTheField() {
        for (Object bad : List.of("12x", 1.5, -3, "")) {
            CallToolResult result = call(client, "get_run", Map.of("execution_id", bad));
            assertThat(result.isError()).as("execution_id %s", bad).isTrue();
            assertThat(text(result)).contains("execution_id");
        }
        CallToolResult missing = call(client, "get_run", Map.of("execution_id", "999999"));
        assertThat(missing.isError()).isTrue();
        assertThat(text(missing)).contains("no execution 999999");
    }

    @Test
    @SuppressWarnings("unchecked")
    void describePlaybookInfersTheSchemaFromDefaultsOrReturnsTheDeclaredOne() {
        Map<String, Object> greeting = ok(call(client, "describe_playbook", Map.of("playbook", GREETING)));
        Map<String, Object> inferred = (Map<String, Object>) greeting.get("input_schema");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) inferred.get("properties");
        assertThat(greeting).containsEntry("input_schema_source", "inferred from workload defaults");
        assertThat(properties.get("greeting")).containsEntry("type", "string").containsEntry("default", "Hello");
        assertThat(properties.get("times")).containsEntry("type", "integer").containsEntry("default", 2);
        assertThat(properties.get("ratio")).containsEntry("type", "number");
        assertThat(properties.get("loud")).containsEntry("type", "boolean").containsEntry("default", false);
        assertThat(properties.get("names")).containsEntry("type", "array")
                .containsEntry("items", Map.of("type", "string"));

        Map<String, Object> declared = ok(call(client, "describe_playbook", Map.of("playbook", "tests/mcp/declared")));
        assertThat(declared).containsEntry("input_schema_source", "metadata.mcp.input_schema");
        assertThat((Map<String, Object>) declared.get("input_schema")).containsEntry("required", List.of("day"));
    }

    @Test
    void aWorkloadThatDoesNotMatchTheDeclaredSchemaStartsNothing() {
        long before = executions();

        CallToolResult refused = call(client, "start_run", Map.of("playbook", "tests/mcp/declared",
                "workload", Map.of("day", 20260101), "client_request_id", "req-bad-workload"));

        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).contains("'workload' does not match the input_schema", "day");
        assertThat(executions()).isEqualTo(before);
        assertThat(ok(call(client, "start_run", Map.of("playbook", "tests/mcp/declared",
                "workload", Map.of("day", "2026-02-01"), "client_request_id", "req-good-workload"))))
                .containsKey("execution_id");
    }

    @Test
    void thePlaybookResourceIsTheYamlOfTheRegisteredRevision() {
        TextResourceContents yaml = (TextResourceContents) client.readResource(
                new ReadResourceRequest("playbook://" + GREETING)).contents().get(0);

        assertThat(yaml.mimeType()).isEqualTo("application/yaml");
        assertThat(yaml.text()).contains("name: mcp_greeting", "mcp: { expose: true }");
        assertThat(client.listResourceTemplates().resourceTemplates()).extracting(t -> t.uriTemplate())
                .containsExactlyInAnyOrder("playbook://{+path}", "run://{execution_id}");
    }

    @Test
    void aForeignOriginGets403AndALoopbackOriginIsServed() throws Exception {
        assertThat(rawToolsList(port, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(rawToolsList(port, "Origin", "http://localhost:3000").statusCode()).isEqualTo(200);
        assertThat(rawToolsList(port).body()).contains("\"start_run\"");
    }

    private long executions() {
        return jdbc.queryForObject("SELECT count(*) FROM execution", Long.class);
    }
}
