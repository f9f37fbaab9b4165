package io.playbatch.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.operate.OperationsService;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * docs/operations.md#admission-of-starts, end to end: 200 starts sent at once over REST, then over MCP,
 * against a server that admits two starts at a time with a short waiting line. Every answer is an id
 * or a refusal that says when to retry; every id runs to COMPLETED; a refused start leaves nothing
 * behind (no execution row, no Spring Batch job execution, nothing left STARTING).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "playbatch.mcp.server.enabled=true",
                "playbatch.admission.max-concurrent=2", "playbatch.admission.max-waiting=8",
                "playbatch.admission.max-wait=2s", "playbatch.admission.retry-after=3s",
                "playbatch.queue.poll-interval=100ms", "playbatch.manager.heartbeat=200ms"})
class StartAdmissionTest {

    private static final int STARTS = 200;
    private static final String PLAYBOOK = "tests/mcp/declared";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    OperationsService operations;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonCodec json = new JsonCodec();

    @BeforeEach
    void register() {
        operations.register(Path.of("src/test/resources/playbooks/mcp/declared.yaml"));
    }

    @Test
    void simultaneousRestStartsAreEachAcceptedWithAnIdThatCompletesOrRefusedWith429AndRetryAfter() throws Exception {
        long before = executions();

        List<HttpResponse<String>> answers = all(i -> post("/api/v1/executions",
                json.write(Map.of("playbook", PLAYBOOK))));

        List<String> ids = new ArrayList<>();
        int refused = 0;
        for (HttpResponse<String> answer : answers) {
            Map<String, Object> body = map(answer.body());
            if (answer.statusCode() == 202) {
                ids.add((String) body.get("execution_id"));
            } else {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("3");
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(body.get("type")).isEqualTo("https://playbatch.io/problems/too-many-starts");
                assertThat((String) body.get("detail")).contains("playbatch.admission.max-concurrent")
                        .contains("retry after 3 s");
                refused++;
            }
        }
        assertThat(ids).as("admitted").isNotEmpty().doesNotHaveDuplicates();
        assertThat(refused).as("refused").isPositive();
        assertEveryIdCompletesAndNothingElseWasRecorded(before, ids);
    }

    @Test
    @SuppressWarnings("unchecked")
    void simultaneousMcpStartRunsAreEachStartedOrRefusedWithABusyToolError() throws Exception {
        long before = executions();

        List<HttpResponse<String>> answers = all(i -> post("/mcp", json.write(Map.of("jsonrpc", "2.0", "id", i,
                "method", "tools/call", "params", Map.of("name", "start_run", "arguments",
                        Map.of("playbook", PLAYBOOK, "client_request_id", "admission-" + i))))));

        List<String> ids = new ArrayList<>();
        int refused = 0;
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            Map<String, Object> result = (Map<String, Object>) map(answer.body()).get("result");
            if (Boolean.TRUE.equals(result.get("isError"))) {
                String text = (String) ((List<Map<String, Object>>) result.get("content")).get(0).get("text");
                assertThat(text).startsWith("busy, retry after 3 s: too many starts at once");
                refused++;
            } else {
                ids.add((String) ((Map<String, Object>) result.get("structuredContent")).get("execution_id"));
            }
        }
        assertThat(ids).as("admitted").isNotEmpty().doesNotHaveDuplicates();
        assertThat(refused).as("refused").isPositive();
        assertEveryIdCompletesAndNothingElseWasRecorded(before, ids);
        // A refused call's client_request_id was not kept: the client may use it again.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM mcp_client_request WHERE client_request_id LIKE"
                + " 'admission-%'", Long.class)).isEqualTo(ids.size());
    }

    private void assertEveryIdCompletesAndNothingElseWasRecorded(long before, List<String> ids) {
        String idList = String.join(",", ids);
        Deadline.await(Duration.ofSeconds(20), ids.size() + " admitted executions to complete", () ->
                jdbc.queryForObject("SELECT count(*) FROM execution WHERE status = 'COMPLETED' AND execution_id IN ("
                        + idList + ")", Long.class) == ids.size());
        assertThat(executions() - before).as("executions recorded").isEqualTo(ids.size());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class))
                .as("Spring Batch job executions").isEqualTo(executions());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM execution WHERE status IN ('STARTING', 'STARTED')",
                Long.class)).as("executions still running").isZero();
    }

    private long executions() {
        return jdbc.queryForObject("SELECT count(*) FROM execution", Long.class);
    }

    /** Sends the requests all at once (every thread waits on one latch) and returns their answers in order. */
    private List<HttpResponse<String>> all(IntFunction<HttpRequest> requests) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(STARTS);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < STARTS; i++) {
                HttpRequest request = requests.apply(i);
                sent.add(threads.submit(() -> {
                    go.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            go.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String body) {
        return (Map<String, Object>) json.read(body);
    }
}
