package io.playbatch.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 11, acceptance 4: tasks that hand back the secret they were given (a server echoing the
 * {@code Authorization} header in its body and in a header, a command and a python step printing
 * it, a failing command quoting it in its error, a log line built from the echo) leave its value
 * in no table, no event, no API answer and no log line: the worker stores the reference instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1"})
@ExtendWith(OutputCaptureExtension.class)
class SecretMaskingTest extends PlaybookRunTest {

    /** Unique, so finding it anywhere can only mean it leaked from this test. */
    private static final String MARKER = UUID.randomUUID().toString();

    /** The quote makes the JSON-escaped form differ from the value, so both must be masked. */
    private static final String VALUE = "pb-echo-" + MARKER + "-\"q";

    /** The bodies {@code /record} received. */
    private static final List<String> RECORDED = new CopyOnWriteArrayList<>();

    private static final HttpServer ECHO = echoServer();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
        TestSecrets.register(registry, "api_token=" + VALUE + "\n");
    }

    @AfterAll
    static void stopEcho() {
        ECHO.stop(0);
    }

    @Test
    void aSecretEchoedBackByTasksIsStoredLoggedAndServedAsItsReference(CapturedOutput output) throws Exception {
        RunSummary run = operations.start(Path.of("src/test/resources/playbooks/secret-echo.yaml"),
                Map.of("base_url", "http://127.0.0.1:" + ECHO.getAddress().getPort()));

        // Every step ran with the value; only the last one fails, on purpose, quoting it.
        assertThat(run.status()).as(run.steps().toString()).isEqualTo("FAILED");
        List<StoredEvent> events = ledger.events(run.executionId());
        assertThat(events).filteredOn(e -> e.type() == EventType.STEP_COMPLETED).extracting(StoredEvent::nodeId)
                .contains("call", "call_text", "announce", "shell", "python");
        StoredEvent failed = events.stream().filter(e -> e.type() == EventType.STEP_FAILED).findFirst().orElseThrow();
        assertThat(failed.nodeId()).isEqualTo("leak");
        assertThat(String.valueOf(failed.error())).contains("command_exit").contains("[secret:api_token]");

        // What is kept instead of the value: its reference, wherever the tasks echoed it.
        String results = jdbc.queryForObject("SELECT string_agg(result::text, ' ') FROM queue WHERE execution_id = ?",
                String.class, run.executionId());
        assertThat(results)
                .contains("\"authorization\": \"Bearer [secret:api_token]\"")
                .contains("\"x-echoed-authorization\": \"Bearer [secret:api_token]\"")
                .contains("\\\"authorization\\\": \\\"Bearer [secret:api_token]\\\"")
                .contains("\"stdout\": \"[secret:api_token]\\n\"")
                .contains("\"echo\": \"[secret:api_token]\"");
        assertThat(output.getAll()).contains("the server heard Bearer [secret:api_token]");

        assertThat(output.getAll()).as("log output").doesNotContain(MARKER);
        assertNoTableHolds(MARKER);
        for (String path : List.of("", "/steps", "/events", "/tasks", "/timeline", "/partitions")) {
            HttpResponse<String> answer = get("/api/v1/executions/" + run.executionId() + path);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.body()).as("GET /api/v1/executions/{id}" + path).doesNotContain(MARKER);
        }
        assertThat(get("/api/v1/executions/" + run.executionId() + "/tasks").body()).contains("${secret:api_token}");
    }

    @Test
    void aSecretReferenceInAServersAnswerIsNotResolvedWhenALaterStepForwardsIt() throws Exception {
        RECORDED.clear();
        RunSummary run = operations.start(Path.of("src/test/resources/playbooks/secret-smuggle.yaml"),
                Map.of("base_url", "http://127.0.0.1:" + ECHO.getAddress().getPort()));

        assertThat(run.status()).as(run.steps().toString()).isEqualTo("COMPLETED");
        assertThat(RECORDED).hasSize(1);
        assertThat(RECORDED.get(0)).doesNotContain(MARKER).contains("[secret:api_token]");
    }

    private void assertNoTableHolds(String text) {
        assertThat(tablesHolding(text)).as("tables holding the secret's value").isEmpty();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * {@code /echo} answers {@code {"authorization": <the header>}} as JSON, {@code /echo-text} the
     * same document as text; both send the header back as {@code X-Echoed-Authorization}.
     * {@code /smuggle} answers secret references as data; {@code /record} keeps what it is sent.
     */
    private static HttpServer echoServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/smuggle", exchange -> {
                byte[] body = "{\"text\": \"${secret:api_token}\", \"object\": {\"$secret\": \"api_token\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.createContext("/record", exchange -> {
                RECORDED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.createContext("/", exchange -> {
                String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = ("{\"authorization\": \"" + authorization.replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\"}").getBytes(StandardCharsets.UTF_8);
                boolean json = exchange.getRequestURI().getPath().equals("/echo");
                exchange.getResponseHeaders().set("Content-Type", json ? "application/json" : "text/plain");
                exchange.getResponseHeaders().set("X-Echoed-Authorization", authorization);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
