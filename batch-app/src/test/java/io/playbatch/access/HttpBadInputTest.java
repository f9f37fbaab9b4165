package io.playbatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.RawHttp;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.web.ConsoleToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Acceptance 3 of issue 11: every client mistake, sent as raw HTTP to {@code /api/v1}, {@code /mcp},
 * the console and {@code /}, is answered by an RFC 9457 problem (a JSON-RPC error on {@code /mcp})
 * that names the mistake; none is a 500, none shows a file's content or a Java class, and none
 * leaves an execution behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "playbatch.api.token=" + HttpBadInputTest.TOKEN,
                "playbatch.mcp.server.enabled=true"})
class HttpBadInputTest extends PlaybookRunTest {

    static final String TOKEN = "operator-token-for-bad-input";
    private static final String BEARER = "Bearer " + TOKEN;
    private static final String JSON = "application/json";
    private static final String MCP_ACCEPT = "application/json, text/event-stream";
    private static Path root;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestDatabases.create().register(registry);
        root = Files.createTempDirectory("playbatch-root");
        // A link inside a root to a file outside it is outside the roots.
        Files.createSymbolicLink(root.resolve("escape.yaml"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("linked-dir"), Path.of("/etc"));
        registry.add("playbatch.playbooks.roots", () -> "../job-configs," + root);
    }

    @LocalServerPort
    int port;

    private final JsonCodec json = new JsonCodec();
    private RawHttp http;
    private long executionsBefore;

    @BeforeEach
    void countExecutions() {
        http = new RawHttp(port);
        operations.register(Path.of("src/test/resources/playbooks/mcp/greeting.yaml"));
        executionsBefore = executions();
    }

    @Test
    void filesOutsideThePlaybookRootsAreForbiddenWithoutShowingTheirContent() throws Exception {
        for (String file : List.of("/etc/passwd", "/etc/shadow", "../job-configs/../pom.xml",
                "../job-configs/../../etc/passwd", root.resolve("escape.yaml").toString(),
                root.resolve("linked-dir/passwd").toString(), "/no/such/file.yaml", root + "/../x.yaml")) {
            RawHttp.Response answer = postJson("/api/v1/executions", Map.of("file", file));
            Map<String, Object> problem = problem(answer, 403, "playbook-outside-roots");
            assertThat(problem.get("field")).isEqualTo("file");
            assertThat(answer.body()).doesNotContain("root:").doesNotContain("nologin").doesNotContain("<project");
        }
        // Inside a root, the file is compiled as before (this one has errors, so nothing starts).
        problem(postJson("/api/v1/executions", Map.of("file", "../job-configs/invalid/PB005-unknown-key.yaml")), 422,
                "playbook-invalid");
        assertNoExecutionCreated();
    }

    @Test
    void nulCharactersAnywhereAreRefusedBeforeAnyExecutionExists() throws Exception {
        String hello = "../job-configs/examples/hello.yaml";
        problem(postRaw("/api/v1/executions", "{\"file\": \"" + hello + "\", \"workload\": {\"name\": \"a\\u0000b\"}}"),
                400, "invalid-character");
        problem(postRaw("/api/v1/executions", "{\"file\": \"" + hello + "\", \"workload\": {\"a\\u0000\": 1}}"), 400,
                "invalid-character");
        problem(postRaw("/api/v1/executions", "{\"playbook\": \"examples/he\\u0000llo\"}"), 400, "invalid-character");
        problem(postRaw("/api/v1/executions", "{\"file\": \"" + hello + "\\u0000\"}"), 400, "invalid-character");
        problem(http.send("POST", "/api/v1/executions", ("{\"file\": \"" + hello + "\", \"workload\": {\"x\": \"\0\"}}")
                .getBytes(StandardCharsets.UTF_8), false, "Content-Type", JSON, "Authorization", BEARER), 400,
                "invalid-character");
        problem(http.send("GET", "/api/v1/executions?playbook=%00"), 400, "invalid-character");
        problem(http.send("GET", "/api/v1/executions/%00"), 400, "invalid-request");
        problem(http.send("GET", "/executions/%00"), 400, "invalid-request");
        problem(http.send("POST", "/executions/1/abandon", "reason=a%00b".getBytes(StandardCharsets.UTF_8), false,
                "Content-Type", "application/x-www-form-urlencoded", "Authorization", BEARER), 400, "invalid-character");
        // An escaped backslash before u0000 is text, not a NUL: this one reaches the roots check.
        problem(postRaw("/api/v1/executions", "{\"file\": \"\\\\u0000.yaml\"}"), 403, "playbook-outside-roots");
        assertNoExecutionCreated();
    }

    @Test
    void aWorkloadThatNamesASecretIsRefusedOnRestAndMcp() throws Exception {
        Map<String, Object> workload = Map.of("greeting", "${secret:api_token}");
        Map<String, Object> problem = problem(postJson("/api/v1/executions",
                Map.of("file", "../job-configs/examples/hello.yaml", "workload", workload)), 400, "invalid-request");
        assertThat(problem.get("field")).isEqualTo("workload.greeting");
        assertThat((String) problem.get("detail")).contains("cannot name a secret");

        Map<String, Object> tool = mcpResult(mcp("tools/call", Map.of("name", "start_run", "arguments",
                Map.of("playbook", "tests/mcp/greeting", "client_request_id", "secret-1",
                        "workload", Map.of("name", Map.of("$secret", "api_token"))))));
        assertThat(tool.get("isError")).isEqualTo(true);
        assertThat(String.valueOf(tool.get("content"))).contains("cannot name a secret");
        assertNoExecutionCreated();
    }

    @Test
    void oversizedBodiesAndWorkloadsAreRefusedWith413() throws Exception {
        byte[] big = ("{\"file\": \"x\", \"workload\": {\"blob\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        problem(http.send("POST", "/api/v1/executions", big, false, "Content-Type", JSON, "Authorization", BEARER),
                413, "request-too-large");
        problem(http.send("POST", "/api/v1/executions", big, true, "Content-Type", JSON, "Authorization", BEARER),
                413, "request-too-large");
        // A 30 MB body is refused by its Content-Length, before a byte of it is read.
        problem(http.send("POST", "/api/v1/executions", "Content-Type", JSON, "Authorization", BEARER,
                "Content-Length", String.valueOf(30 * 1024 * 1024)), 413, "request-too-large");
        RawHttp.Response tooBigMcp = http.send("POST", "/mcp", big, false, "Content-Type", JSON, "Accept", MCP_ACCEPT,
                "Authorization", BEARER);
        problem(tooBigMcp, 413, "request-too-large");

        Map<String, Object> workload = Map.of("blob", "y".repeat(300 * 1024));
        Map<String, Object> problem = problem(postJson("/api/v1/executions",
                Map.of("file", "../job-configs/examples/hello.yaml", "workload", workload)), 413, "workload-too-large");
        assertThat(problem.get("field")).isEqualTo("workload");
        assertThat((String) problem.get("detail")).contains("playbatch.limits.workload-bytes");

        Map<String, Object> tool = mcpResult(mcp("tools/call", Map.of("name", "start_run", "arguments",
                Map.of("playbook", "tests/mcp/greeting", "client_request_id", "big-1", "workload", workload))));
        assertThat(tool.get("isError")).isEqualTo(true);
        assertThat(String.valueOf(tool.get("content"))).contains("playbatch.limits.workload-bytes");
        assertNoExecutionCreated();
    }

    @Test
    void wrongMethodsAnswer405WithAllowAndUnknownRoutes404OnEveryPath() throws Exception {
        RawHttp.Response delete = http.send("DELETE", "/api/v1/executions", "Authorization", BEARER);
        problem(delete, 405, "method-not-allowed");
        assertThat(delete.header("Allow")).contains("GET").contains("POST");
        RawHttp.Response put = http.send("PUT", "/api/v1/executions/1/restart", "Authorization", BEARER);
        problem(put, 405, "method-not-allowed");
        assertThat(put.header("Allow")).contains("POST");
        problem(http.send("GET", "/api/v1/executions/1/restart"), 405, "method-not-allowed");
        RawHttp.Response trace = http.send("TRACE", "/api/v1/executions");
        problem(trace, 405, "method-not-allowed");
        problem(http.send("TRACE", "/", "Authorization", BEARER), 405, "method-not-allowed");
        // The console asks for its sign-in; signed in, the wrong method is a 405 like anywhere else.
        problem(http.send("POST", "/"), 401, "token-missing");
        RawHttp.Response post = http.send("POST", "/", "Cookie", ConsoleToken.COOKIE + "=" + TOKEN);
        problem(post, 405, "method-not-allowed");
        assertThat((String) json.readMap(post.body()).get("detail")).startsWith("POST / is not allowed");
        // Paths are case-sensitive: /API/V1 is no API path, so a POST there is guarded like a console one.
        problem(http.send("POST", "/API/V1/executions", new byte[0], false, "Authorization", BEARER,
                "Content-Type", JSON), 401, "token-missing");
        problem(http.send("POST", "/API/V1/executions", new byte[0], false, "Cookie", ConsoleToken.COOKIE + "="
                + TOKEN, "Content-Type", JSON), 404, "route-not-found");
        problem(http.send("GET", "/API/V1/executions"), 404, "route-not-found");
        problem(http.send("GET", "/api/v1/no-such-route"), 404, "route-not-found");
        problem(http.send("GET", "/no-such-page"), 404, "route-not-found");
        problem(http.send("GET", "/error"), 404, "route-not-found");
        problem(http.send("GET", "/mcp"), 405, "method-not-allowed");
        assertNoExecutionCreated();
    }

    @Test
    void malformedPathsAndHeadersAreProblemsNotTomcatPages() throws Exception {
        // An encoded slash reaches the routes as part of one segment (docs/api.md), never as a path separator.
        problem(http.send("GET", "/api/v1/playbooks/examples%2Fhello"), 404, "playbook-not-found");
        problem(http.send("GET", "/api/v1/schedules/examples%2Fnightly%230"), 404, "schedule-not-found");
        problem(http.send("GET", "/api/v1/executions/..%2F..%2Fetc"), 400, "invalid-id");
        problem(http.send("GET", "/..%2F..%2Fetc%2Fpasswd"), 404, "route-not-found");
        problem(http.send("GET", "/api/v1/playbooks/examples%5Chello"), 400, "invalid-request");
        problem(http.send("GET", "/%2e%2e/%2e%2e/etc/passwd"), 400, "invalid-request");
        problem(http.send("GET", "/api/v1/executions/1|2"), 400, "invalid-request");
        problem(http.send("GET", "/api/v1/" + "a".repeat(20 * 1024)), 400, "invalid-request");
        problem(http.send("GET", "/executions?status=" + "a".repeat(20 * 1024)), 400, "invalid-request");
        problem(http.send("GET", "/api/v1/executions", "X-Long", "b".repeat(20 * 1024)), 400, "invalid-request");
        problem(http.send("GET", "/api/v1/executions", "Host", "bad host name"), 400, "invalid-request");
        problem(http.send("GET", "/api/v1/executions", "Accept", "application/xml"), 406, "not-acceptable");
        problem(http.send("GET", "/api/v1/executions", "Accept", ";;;"), 406, "not-acceptable");
        problem(http.send("FOO", "/api/v1/executions", "Authorization", BEARER), 405, "method-not-allowed");
        problem(http.send("POST", "/api/v1/executions", "{}".getBytes(StandardCharsets.UTF_8), true, "Content-Type",
                JSON, "Authorization", BEARER, "Content-Length", "2"), 400, "invalid-request");
        problem(http.send("GET", "/api/v1/executions/abc"), 400, "invalid-id");
        problem(http.send("GET", "/executions/abc"), 400, "invalid-request");
        problem(http.send("GET", "/api/v1/executions?limit=99999999999999999999"), 400, "invalid-parameter");
        assertNoExecutionCreated();
    }

    @Test
    void aBadContentTypeHasItsOwnProblemType() throws Exception {
        problem(http.send("POST", "/api/v1/executions", "{}".getBytes(StandardCharsets.UTF_8), false,
                "Content-Type", "text/plain", "Authorization", BEARER), 415, "unsupported-media-type");
        problem(http.send("POST", "/api/v1/executions", "{}".getBytes(StandardCharsets.UTF_8), false,
                "Content-Type", ";;;", "Authorization", BEARER), 415, "unsupported-media-type");
        problem(http.send("POST", "/api/v1/executions", "{}".getBytes(StandardCharsets.UTF_8), false,
                "Authorization", BEARER), 415, "unsupported-media-type");
        problem(postRaw("/api/v1/executions", "{not json"), 400, "invalid-request");
        problem(postRaw("/api/v1/executions", "[1, 2]"), 400, "invalid-request");
        problem(postRaw("/api/v1/executions", "{\"file\": 5, \"workload\": [1]}"), 400, "invalid-request");
        problem(postRaw("/api/v1/executions", "{\"playbook\": \"examples/hello\", \"workload\": \"x\"}"), 400,
                "invalid-request");
        assertNoExecutionCreated();
    }

    @Test
    void mcpAnswersClientMistakesWithJsonRpcErrorsWithoutJavaInternals() throws Exception {
        rpcError(mcpRaw("{not json", JSON), 400, -32700);
        rpcError(mcpRaw("[]", JSON), 400, -32600);
        rpcError(mcpRaw("{\"jsonrpc\": \"1.0\", \"id\": 1, \"method\": \"tools/list\"}", JSON), 400, -32600);
        rpcError(mcpRaw("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 7}", JSON), 400, -32600);
        rpcError(mcpRaw("{\"jsonrpc\": \"2.0\", \"id\": {}, \"method\": \"tools/list\"}", JSON), 400, -32600);
        rpcError(mcpRaw("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/call\", \"params\": [1]}", JSON), 400,
                -32600);
        rpcError(mcpRaw("{\"jsonrpc\": \"2.0\", \"id\": 1}", JSON), 400, -32600);
        rpcError(mcpRaw("", JSON), 400, -32700);
        rpcError(mcpRaw("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"}", "text/plain"), 415, -32600);
        RawHttp.Response version = http.send("POST", "/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}".getBytes(StandardCharsets.UTF_8), false,
                "Content-Type", JSON, "Accept", MCP_ACCEPT, "Authorization", BEARER,
                "MCP-Protocol-Version", "1999-01-01");
        Map<String, Object> error = rpcError(version, 400, -32600);
        assertThat((String) error.get("message")).contains("MCP-Protocol-Version").contains("2025-06-18");
        // A supported version and a well-formed call still work.
        RawHttp.Response ok = http.send("POST", "/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}".getBytes(StandardCharsets.UTF_8), false,
                "Content-Type", JSON, "Accept", MCP_ACCEPT, "Authorization", BEARER,
                "MCP-Protocol-Version", "2025-06-18");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("start_run");
        // Unknown tool arguments reach the tools, which refuse them as tool errors.
        Map<String, Object> tool = mcpResult(mcp("tools/call", Map.of("name", "start_run", "arguments",
                Map.of("playbook", "../../etc/passwd", "client_request_id", "x"))));
        assertThat(tool.get("isError")).isEqualTo(true);
        assertNoExecutionCreated();
    }

    // --- helpers

    private RawHttp.Response postJson(String path, Object body) throws IOException {
        return postRaw(path, json.write(body));
    }

    private RawHttp.Response postRaw(String path, String body) throws IOException {
        return http.send("POST", path, body.getBytes(StandardCharsets.UTF_8), false, "Content-Type", JSON,
                "Authorization", BEARER);
    }

    private RawHttp.Response mcpRaw(String body, String contentType) throws IOException {
        return http.send("POST", "/mcp", body.getBytes(StandardCharsets.UTF_8), false, "Content-Type", contentType,
                "Accept", MCP_ACCEPT, "Authorization", BEARER);
    }

    private RawHttp.Response mcp(String method, Map<String, Object> params) throws IOException {
        return mcpRaw(json.write(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", params)), JSON);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> mcpResult(RawHttp.Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return (Map<String, Object>) json.readMap(answer.body()).get("result");
    }

    /** Asserts an RFC 9457 problem of {@code status} and {@code type} that shows no Java internals. */
    private Map<String, Object> problem(RawHttp.Response answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.body()).startsWith("application/problem+json");
        noInternals(answer);
        Map<String, Object> problem = json.readMap(answer.body());
        assertThat(problem.get("type")).isEqualTo("https://playbatch.io/problems/" + type);
        assertThat(problem.get("title")).asString().isNotBlank();
        assertThat(problem.get("status")).isEqualTo(status);
        assertThat(problem.get("detail")).asString().isNotBlank();
        return problem;
    }

    /** Asserts a JSON-RPC error of HTTP {@code status} and {@code code}, and returns its {@code error}. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> rpcError(RawHttp.Response answer, int status, int code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        noInternals(answer);
        Map<String, Object> message = json.readMap(answer.body());
        assertThat(message.get("jsonrpc")).isEqualTo("2.0");
        Map<String, Object> error = (Map<String, Object>) message.get("error");
        assertThat(error.get("code")).isEqualTo(code);
        assertThat(error.get("message")).asString().isNotBlank();
        return error;
    }

    private static void noInternals(RawHttp.Response answer) {
        assertThat(answer.body()).doesNotContain("java.").doesNotContain("Exception").doesNotContain("stackTrace")
                .doesNotContain("<html").doesNotContain("Tomcat").doesNotContainIgnoringCase("at io.playbatch");
        assertThat(answer.body().length()).isLessThan(4096);
    }

    private long executions() {
        Long ledger = jdbc.queryForObject("SELECT count(*) FROM execution", Long.class);
        Long batch = jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class);
        return ledger + batch;
    }

    private void assertNoExecutionCreated() {
        assertThat(executions()).isEqualTo(executionsBefore);
    }
}
