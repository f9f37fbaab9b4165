package io.playbatch.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.mcp.client.JsonSchemaCheck;
import io.playbatch.mcp.client.McpClientFactory;
import io.playbatch.secrets.SecretResolver;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.tasks.McpResourceReadTask;
import io.playbatch.tasks.McpToolCallTask;
import io.playbatch.tasks.ModelTurnTask;
import io.playbatch.tasks.TaskContext;
import io.playbatch.tasks.TaskResult;
import io.playbatch.tasks.TaskRunner;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MCP task types against the in-process MCP server and the fake model (no database). */
class McpTasksTest {

    @RegisterExtension
    static final McpTestServer MCP = new McpTestServer();

    private static final FakeModelServer MODEL = new FakeModelServer();
    private static final JsonCodec JSON = new JsonCodec();
    private static final McpClientFactory CLIENTS = new McpClientFactory(List.of("java"), 16 * 1024 * 1024);
    private static final TaskRunner RUNNER = new TaskRunner(List.of(new McpToolCallTask(CLIENTS, new JsonSchemaCheck(),
            JSON), new McpResourceReadTask(CLIENTS), new ModelTurnTask(JSON, CLIENTS)),
            new SecretResolver(Map.of("PLAYBATCH_SECRET_LLM_KEY", "sk-test-123"), null));

    @AfterAll
    static void stopModel() {
        MODEL.close();
    }

    @BeforeEach
    void reset() {
        MCP.reset();
        MODEL.reset();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private Map<String, Object> server() {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("name", "crm");
        server.put("url", MCP.url());
        server.put("connect_timeout_ms", 5000);
        server.put("call_timeout_ms", 5000);
        return server;
    }

    private TaskResult call(String tool, Map<String, Object> arguments, Map<String, Object> extra) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("server", server());
        args.put("tool", tool);
        args.put("arguments", arguments);
        args.put("idempotency_key", "42:step");
        args.putAll(extra);
        return RUNNER.run(new RenderedTask("mcp_tool_call", args), new TaskContext(1, "step", 1, "test"));
    }

    @Test
    void structuredContentIsTheDataAndTheIdempotencyKeyIsSentInMeta() {
        TaskResult result = call("customers.get", Map.of("id", "C-17"), Map.of());

        assertThat(result.ok()).as(String.valueOf(result.errorMessage())).isTrue();
        assertThat(result.data()).isEqualTo(Map.of("id", "C-17", "name", "Ada Lovelace", "tier", "gold"));
        assertThat(MCP.calls.get(0).meta()).containsEntry(McpToolCallTask.IDEMPOTENCY_KEY, "42:step");
    }

    @Test
    void isErrorFailsWithMcpToolErrorOrGivesDataWhenToldNotTo() {
        TaskResult failed = call("fail", Map.of(), Map.of());
        TaskResult kept = call("fail", Map.of(), Map.of("fail_on_tool_error", false));

        assertThat(failed.errorType()).isEqualTo("mcp_tool_error");
        assertThat(failed.errorMessage()).contains("boom");
        assertThat(kept.ok()).isTrue();
        assertThat(map(kept.data())).containsEntry("is_error", true);
    }

    @Test
    void unknownToolIsAProtocolErrorNamingToolAndServer() {
        TaskResult result = call("invalid_tool_name", Map.of(), Map.of());

        assertThat(result.errorType()).isEqualTo("mcp_protocol_error");
        assertThat(result.errorMessage()).contains("tool 'invalid_tool_name'").contains("MCP server 'crm'");
    }

    @Test
    void outputSchemaViolationIsMcpOutputInvalid() {
        TaskResult result = call("customers.get", Map.of("id", "C-1"), Map.of("output_schema",
                Map.of("type", "object", "required", List.of("email"))));

        assertThat(result.errorType()).isEqualTo("mcp_output_invalid");
        assertThat(result.errorMessage()).contains("email");
    }

    @Test
    void textAndJsonResultModes() {
        TaskResult text = call("echo", Map.of("a", 1), Map.of("result", "text"));
        TaskResult parsed = call("echo", Map.of("a", 1), Map.of("result", "json"));
        TaskResult notJson = call("get_job_log", Map.of("run", "1"), Map.of("result", "json"));

        assertThat(map(text.data())).containsEntry("text", "{\"a\":1}");
        assertThat(parsed.data()).isEqualTo(Map.of("a", 1));
        assertThat(notJson.errorType()).isEqualTo("mcp_output_invalid");
    }

    @Test
    void anUnreachableServerIsMcpUnavailable() {
        Map<String, Object> args = new LinkedHashMap<>();
        Map<String, Object> server = server();
        server.put("url", "http://127.0.0.1:1/mcp");
        server.put("connect_timeout_ms", 2000);
        args.put("server", server);
        args.put("tool", "echo");
        TaskResult result = RUNNER.run(new RenderedTask("mcp_tool_call", args), new TaskContext(1, "s", 1, "t"));

        assertThat(result.errorType()).isEqualTo("mcp_unavailable");
        assertThat(result.errorMessage()).contains("nothing was sent");
    }

    @Test
    void aStdioCommandOutsideTheAllowlistIsRefusedAtRunTime() {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("name", "files");
        server.put("command", List.of("/bin/sh", "-c", "true"));
        TaskResult result = RUNNER.run(new RenderedTask("mcp_tool_call", Map.of("server", server, "tool", "x")),
                new TaskContext(1, "s", 1, "t"));

        assertThat(result.errorType()).isEqualTo("mcp_command_not_allowed");
        assertThat(result.errorMessage()).contains("playbatch.mcp.stdio.allowed-commands");
    }

    private TaskResult read(String uri, Map<String, Object> extra) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("server", server());
        args.put("uri", uri);
        args.putAll(extra);
        return RUNNER.run(new RenderedTask("mcp_resource_read", args), new TaskContext(1, "resource:x", 1, "t"));
    }

    @Test
    void resourcesAreReadAsTextOrBlobAndNeverTruncated() {
        TaskResult text = read("crm://policies/sla", Map.of("mime_type", "text/markdown"));
        TaskResult blob = read("blob://logo.bin", Map.of());
        TaskResult template = read("file:///logs/2026-11-24.log", Map.of());
        TaskResult tooLarge = read("crm://policies/sla", Map.of("max_bytes", 5));
        TaskResult wrongType = read("crm://policies/sla", Map.of("mime_type", "application/json"));

        assertThat(map(text.data())).containsEntry("mime_type", "text/markdown")
                .containsEntry("text", "# SLA\nGold customers get an answer within 4 hours.");
        assertThat(map(blob.data())).containsEntry("size", (long) McpTestServer.BLOB.length)
                .containsEntry("blob_base64", Base64.getEncoder().encodeToString(McpTestServer.BLOB));
        assertThat(String.valueOf(((Map<?, ?>) template.data()).get("text"))).startsWith("2026-11-24 06:00");
        assertThat(tooLarge.errorType()).isEqualTo("mcp_resource_too_large");
        assertThat(wrongType.errorType()).isEqualTo("mcp_output_invalid");
    }

    @Test
    void aStdioServerOnTheAllowlistAnswers() {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("name", "files");
        server.put("command", List.of("java", "-cp", System.getProperty("java.class.path"), "example.FilesServer"));
        server.put("connect_timeout_ms", 20000);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("server", server);
        args.put("tool", "index_log");
        args.put("arguments", Map.of("uri", "file:///logs/a.log", "lines", "a\nb\nc"));
        TaskResult result = RUNNER.run(new RenderedTask("mcp_tool_call", args), new TaskContext(1, "s", 1, "t"));

        assertThat(result.ok()).as(String.valueOf(result.errorMessage())).isTrue();
        assertThat(map(result.data())).containsEntry("lines", 3);
    }

    @Test
    void modelTurnPostsTheTranscriptWithTheResolvedKeyAndTypesHttpErrors() {
        MODEL.then(FakeModelServer.answer("{\"ok\":true}"), FakeModelServer.status(429), FakeModelServer.status(400));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("url", MODEL.url());
        model.put("model", "fake-1");
        model.put("api_key", Map.of("$secret", "llm_key"));
        Map<String, Object> args = Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", "hi")),
                "tools", List.of());
        TaskResult ok = RUNNER.run(new RenderedTask("model_turn", args), new TaskContext(1, "t[0]", 1, "t"));
        TaskResult limited = RUNNER.run(new RenderedTask("model_turn", args), new TaskContext(1, "t[0]", 1, "t"));
        TaskResult refused = RUNNER.run(new RenderedTask("model_turn", args), new TaskContext(1, "t[0]", 1, "t"));

        assertThat(ok.ok()).as(String.valueOf(ok.errorMessage())).isTrue();
        assertThat(map(ok.data())).containsEntry("finish_reason", "stop");
        assertThat(MODEL.messages(0)).containsExactly(Map.of("role", "user", "content", "hi"));
        assertThat(limited.errorType()).isEqualTo("model_rate_limited");
        assertThat(refused.errorType()).isEqualTo("model_bad_request");
    }
}
