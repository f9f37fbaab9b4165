package io.playbatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.operate.OperationsService;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.PlaybookFiles;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.ThreeCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The REST API end to end over HTTP: starting and polling, the list's filters and paging, every
 * report endpoint, ids as strings, RFC 9457 problems for bad input, unknown ids and refused
 * actions, the operator token on state-changing requests, a restart of a failed run, and stop,
 * restart and replay of a loop.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "playbatch.api.token=" + ExecutionsApiTest.TOKEN,
                "playbatch.loop.partitions=3", "playbatch.queue.poll-interval=100ms",
                "playbatch.manager.heartbeat=200ms",
                // The test playbooks live here and in temporary directories; REST starts files only inside roots.
                "playbatch.playbooks.roots=../job-configs,src/test/resources/playbooks,${java.io.tmpdir}"})
class ExecutionsApiTest {

    static final String TOKEN = "operator-token-for-tests";
    private static final String HELLO = Path.of("../job-configs/examples/hello.yaml").toAbsolutePath().toString();
    private static final String LOOP = Path.of("src/test/resources/playbooks/labelled-loop.yaml").toAbsolutePath()
            .toString();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        TestDatabases.create().register(registry);
        Path secrets = java.nio.file.Files.createTempFile("playbatch-secrets", ".properties");
        java.nio.file.Files.writeString(secrets, "api_token=api-test-secret\n");
        registry.add("playbatch.secrets.file", secrets::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    OperationsService operations;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    ApiClient api;

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    @BeforeEach
    void client() {
        api = new ApiClient(port, TOKEN);
    }

    @Test
    void startedPlaybookIsAcceptedThenPolledToCompletionAndReportedWithIdsAsStrings() throws Exception {
        ApiClient.Response accepted = api.post("/api/v1/executions", Map.of("file", LOOP, "workload",
                Map.of("items", List.of(1, 2, 3, 4, 5, 6))));
        assertThat(accepted.status()).isEqualTo(202);
        String id = (String) accepted.map().get("execution_id");
        assertThat(id).matches("[0-9]+");
        assertThat(accepted.map().get("run_id")).isInstanceOf(String.class);

        Map<String, Object> detail = awaitEnd(id);
        assertThat(detail.get("status")).isEqualTo("COMPLETED");
        assertThat(detail.get("labels")).isEqualTo(Map.of("team", "data", "tier", "gold"));
        assertThat(detail.get("run_execution_ids")).isEqualTo(List.of(id));
        assertThat(detail.get("exit_code")).isEqualTo("COMPLETED");
        assertThat((String) detail.get("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");

        List<Map<String, Object>> steps = api.get("/api/v1/executions/" + id + "/steps").list();
        assertThat(steps).extracting(s -> s.get("name")).containsExactly("start", "announce", "each", "end");
        assertThat(steps.get(2).get("read_count")).isEqualTo(6);

        List<Map<String, Object>> partitions = api.get("/api/v1/executions/" + id + "/partitions?step=each").list();
        assertThat(partitions).hasSize(3).extracting(p -> p.get("from")).containsExactlyInAnyOrder(0, 2, 4);

        List<Map<String, Object>> timeline = api.get("/api/v1/executions/" + id + "/timeline").list();
        assertThat(timeline).extracting(s -> s.get("kind")).contains("step", "partition");

        Map<String, Object> events = api.get("/api/v1/executions/" + id + "/events?limit=5").map();
        List<Map<String, Object>> page = (List<Map<String, Object>>) events.get("events");
        assertThat(page).hasSize(5).allSatisfy(e -> assertThat(e.get("event_id")).isInstanceOf(String.class));
        assertThat(page.get(1).get("parent_event_id")).isInstanceOf(String.class);
        Map<String, Object> rest = api.get("/api/v1/executions/" + id + "/events?after=" + events.get("next_after"))
                .map();
        assertThat((List<?>) rest.get("events")).isNotEmpty();
        assertThat(rest.get("next_after")).isNull();

        List<Map<String, Object>> tasks = api.get("/api/v1/executions/" + id + "/tasks").list();
        Map<String, Object> announce = tasks.stream().filter(t -> "announce".equals(t.get("step"))).findFirst()
                .orElseThrow();
        assertThat(announce.get("queue_id")).isInstanceOf(String.class);
        assertThat(String.valueOf(announce.get("task"))).contains("${secret:api_token}")
                .doesNotContain("api-test-secret");
        assertThat(((Map<?, ?>) announce.get("result")).get("status")).isEqualTo("ok");
        assertThat(api.get("/api/v1/executions/" + id + "/tasks?step=each&limit=2&offset=3").list())
                .extracting(t -> t.get("index")).containsExactly(3, 4);

        Map<String, Object> run = api.get("/api/v1/runs/" + detail.get("run_id")).map();
        assertThat(run.get("status")).isEqualTo("COMPLETED");
        assertThat(run.get("latest_execution_id")).isEqualTo(id);

        List<Map<String, Object>> playbooks = api.get("/api/v1/playbooks").list();
        assertThat(playbooks).extracting(p -> p.get("path")).contains("tests/labelled_loop");
        Map<String, Object> playbook = api.get("/api/v1/playbooks/tests/labelled_loop").map();
        assertThat(playbook.get("last_execution_id")).isEqualTo(id);
        assertThat((List<Map<String, Object>>) playbook.get("step_statistics"))
                .extracting(s -> s.get("step")).contains("announce", "each");
        assertThat((List<?>) playbook.get("revisions")).hasSize(1);

        // Started by catalog path now that the playbook is known.
        ApiClient.Response byPath = api.post("/api/v1/executions", Map.of("playbook", "tests/labelled_loop"));
        assertThat(byPath.status()).isEqualTo(202);
        assertThat(awaitEnd((String) byPath.map().get("execution_id")).get("status")).isEqualTo("COMPLETED");
    }

    @Test
    void eventPagesEndWithANullNextAfterWhenTheCountIsAMultipleOfTheLimit() throws Exception {
        String id = String.valueOf(operations.start(Path.of(HELLO), Map.of()).executionId());
        Map<String, Object> all = api.get("/api/v1/executions/" + id + "/events").map();
        int count = ((List<?>) all.get("events")).size();
        assertThat(count).isGreaterThan(1);
        assertThat(all.get("next_after")).isNull();

        Map<String, Object> whole = api.get("/api/v1/executions/" + id + "/events?limit=" + count).map();
        assertThat((List<?>) whole.get("events")).hasSize(count);
        assertThat(whole.get("next_after")).isNull();

        int pages = 0;
        Object after = null;
        do {
            Map<String, Object> page = api.get("/api/v1/executions/" + id + "/events?limit=1"
                    + (after == null ? "" : "&after=" + after)).map();
            assertThat((List<?>) page.get("events")).as("page %d", pages + 1).hasSize(1);
            after = page.get("next_after");
            pages++;
        } while (after != null && pages <= count);
        assertThat(pages).isEqualTo(count);
    }

    @Test
    void listFiltersByStatusPlaybookLabelAndTimeAndPagesWithHasMore() throws Exception {
        String since = java.time.Instant.now().toString();
        RunSummary a = operations.start(Path.of(HELLO), Map.of());
        RunSummary b = operations.start(Path.of(HELLO), Map.of());
        RunSummary c = operations.start(Path.of(LOOP), Map.of());

        Map<String, Object> first = api.get("/api/v1/executions?playbook=examples/hello&since=" + since
                + "&status=completed,failed&limit=1").map();
        assertThat((List<Map<String, Object>>) first.get("executions")).extracting(e -> e.get("execution_id"))
                .containsExactly(String.valueOf(b.executionId()));
        assertThat(first.get("has_more")).isEqualTo(true);
        assertThat(first.get("next_offset")).isEqualTo(1);
        Map<String, Object> second = api.get("/api/v1/executions?playbook=examples/hello&since=" + since
                + "&status=COMPLETED&limit=1&offset=1").map();
        assertThat((List<Map<String, Object>>) second.get("executions")).extracting(e -> e.get("execution_id"))
                .containsExactly(String.valueOf(a.executionId()));
        assertThat(second.get("has_more")).isEqualTo(false);

        Map<String, Object> labelled = api.get("/api/v1/executions?label=team=data&label=tier=gold&since=" + since).map();
        assertThat((List<Map<String, Object>>) labelled.get("executions")).extracting(e -> e.get("execution_id"))
                .containsExactly(String.valueOf(c.executionId()));
        assertThat((List<?>) api.get("/api/v1/executions?status=FAILED&since=" + since).map().get("executions"))
                .isEmpty();
        assertThat((List<?>) api.get("/api/v1/executions?until=" + since).map().get("executions")).isNotNull()
                .noneMatch(e -> ((Map<?, ?>) e).get("execution_id").equals(String.valueOf(a.executionId())));

        ApiClient.Response badStatus = api.get("/api/v1/executions?status=DONE");
        assertProblem(badStatus, 400, "invalid-parameter");
        assertThat(badStatus.map().get("field")).isEqualTo("status");
        assertThat(api.get("/api/v1/executions?since=yesterday").map().get("field")).isEqualTo("since");
        assertThat(api.get("/api/v1/executions?label=team").map().get("field")).isEqualTo("label");
        assertThat(api.get("/api/v1/executions?limit=0").map().get("field")).isEqualTo("limit");
        assertThat(api.get("/api/v1/executions?limit=many").map().get("field")).isEqualTo("limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "-1", "9223372036854775808", "abc", "0"})
    void malformedExecutionIdIsA400NamingTheField(String bad) throws Exception {
        ApiClient.Response response = api.get("/api/v1/executions/" + bad);
        assertProblem(response, 400, "invalid-id");
        assertThat(response.map().get("field")).isEqualTo("execution_id");
        assertThat((String) response.map().get("detail")).contains(bad);
    }

    @Test
    void emptyAndMalformedIdsInParametersAndOtherRoutesNameTheirField() throws Exception {
        String id = String.valueOf(operations.start(Path.of(HELLO), Map.of()).executionId());
        ApiClient.Response empty = api.get("/api/v1/executions/" + id + "/events?after=");
        assertProblem(empty, 400, "invalid-id");
        assertThat(empty.map().get("field")).isEqualTo("after");
        assertThat((String) empty.map().get("detail")).contains("empty");
        assertThat(api.get("/api/v1/runs/1e3").map().get("field")).isEqualTo("run_id");
        assertThat(api.post("/api/v1/executions/2.0/restart", null).map().get("field")).isEqualTo("execution_id");
    }

    @Test
    void unknownIdsAreNotFoundAndRefusedActionsAreConflictsOrNotImplemented() throws Exception {
        assertProblem(api.get("/api/v1/executions/987654321"), 404, "execution-not-found");
        assertProblem(api.get("/api/v1/executions/987654321/steps"), 404, "execution-not-found");
        assertProblem(api.get("/api/v1/runs/987654321"), 404, "run-not-found");
        assertProblem(api.get("/api/v1/playbooks/no/such/playbook"), 404, "playbook-not-found");
        assertProblem(api.post("/api/v1/executions", Map.of("playbook", "no/such/playbook")), 404,
                "playbook-not-found");
        assertProblem(api.get("/api/v1/no-such-route"), 404, "route-not-found");
        assertThat(api.get("/api/v1/executions/1/no-such-part").map().get("detail"))
                .isEqualTo("GET /api/v1/executions/1/no-such-part is not part of the API;"
                        + " GET /api/v1/openapi.json lists every route");

        String completed = String.valueOf(operations.start(Path.of(HELLO), Map.of()).executionId());
        ApiClient.Response restart = api.post("/api/v1/executions/" + completed + "/restart", null);
        assertProblem(restart, 409, "not-restartable");
        assertThat((String) restart.map().get("detail")).contains("COMPLETED");
        assertProblem(api.post("/api/v1/executions/" + completed + "/abandon", Map.of("reason", "x")), 409,
                "not-restartable");

        ApiClient.Response invalid = api.post("/api/v1/executions",
                Map.of("file", Path.of("../job-configs/invalid/PB005-unknown-key.yaml").toAbsolutePath().toString()));
        assertProblem(invalid, 422, "playbook-invalid");
        List<Map<String, Object>> errors = (List<Map<String, Object>>) invalid.map().get("errors");
        assertThat(errors).isNotEmpty().allSatisfy(e -> {
            assertThat((String) e.get("location")).matches(".*PB005-unknown-key.yaml:[0-9]+:[0-9]+");
            assertThat(e.get("code")).asString().startsWith("PB");
            assertThat(e).containsEntry("doc", null);
        });
        ApiClient.Response v1 = api.post("/api/v1/executions",
                Map.of("file", Path.of("../job-configs/invalid/PB070-legacy-next-edge.yaml").toAbsolutePath().toString()));
        assertProblem(v1, 422, "playbook-invalid");
        assertThat((List<Map<String, Object>>) v1.map().get("errors")).filteredOn("code", "PB070").isNotEmpty()
                .allSatisfy(e -> assertThat(e).containsEntry("doc", "docs/migration.md#v1-next-edges"));
        assertProblem(api.post("/api/v1/executions", Map.of()), 400, "invalid-request");
        assertProblem(api.post("/api/v1/executions", "{not json"), 400, "invalid-request");
        assertProblem(api.post("/api/v1/executions/" + completed + "/replay", Map.of()), 400, "invalid-request");
    }

    @Test
    void stateChangingRequestsNeedTheOperatorTokenAndReadsDoNot() throws Exception {
        ApiClient anonymous = api.withToken(null);
        ApiClient.Response missing = anonymous.post("/api/v1/executions", Map.of("file", HELLO));
        assertProblem(missing, 401, "token-missing");
        ApiClient.Response wrong = api.withToken("not-the-token").post("/api/v1/executions/1/restart", null);
        assertProblem(wrong, 403, "token-wrong");
        assertThat(anonymous.post("/mcp", Map.of()).status()).isEqualTo(401);
        // The console answers a browser without the token with its sign-in page instead of a bare 401.
        assertThat(anonymous.post("/executions/1/restart", null).status()).isIn(401, 303);

        assertThat(anonymous.get("/api/v1/executions").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/executions", Map.of("file", HELLO)).status()).isEqualTo(202);
    }

    @Test
    void theConsoleCookieIsNoTokenForTheApiButTheBearerTokenIs() throws Exception {
        long failed = operations.start(Path.of("src/test/resources/playbooks/failing-sql.yaml"), Map.of())
                .executionId();
        String path = "/api/v1/executions/" + failed + "/abandon";
        ApiClient anonymous = api.withToken(null);
        String cookie = io.playbatch.web.ConsoleToken.COOKIE + "=" + TOKEN;

        // A same-site page riding on a signed-in console is refused before the token is even looked at.
        assertProblem(anonymous.postForm(path, "Cookie", cookie, "Sec-Fetch-Site", "same-site"), 403,
                "cross-site-request");
        // Even from the server's own origin, the console's cookie does not authorize an API action.
        assertProblem(anonymous.postForm(path, "Cookie", cookie, "Origin", anonymous.origin()), 401,
                "token-missing");
        assertThat(operations.execution(failed).status()).isEqualTo("FAILED");
        // A cross-site request is refused even with the right bearer token.
        assertProblem(api.postForm(path, "Origin", "http://evil.example"), 403, "cross-site-request");
        assertThat(operations.execution(failed).status()).isEqualTo("FAILED");

        ApiClient.Response bearer = api.post(path, Map.of("reason", "test"), "Cookie", cookie, "Origin", api.origin());
        assertThat(bearer.status()).as(bearer.body()).isEqualTo(200);
        assertThat(operations.execution(failed).status()).isEqualTo("ABANDONED");
    }

    @Test
    void failedRunIsRestartedThroughTheApiReusingItsCompletedSteps() throws Exception {
        try (LocalHttpStub stub = ThreeCalls.failingAtThree()) {
            ApiClient.Response started = api.post("/api/v1/executions", Map.of("file",
                    ThreeCalls.PLAYBOOK.toAbsolutePath().toString(),
                    "workload", Map.of("base_url", stub.baseUrl())));
            String failedId = (String) started.map().get("execution_id");
            Map<String, Object> failed = awaitEnd(failedId);
            assertThat(failed.get("status")).isEqualTo("FAILED");
            assertThat(api.get("/api/v1/executions/" + failedId + "/steps").list())
                    .filteredOn(s -> "three".equals(s.get("name"))).singleElement()
                    .satisfies(s -> assertThat(s.get("status")).isEqualTo("failed"))
                    .satisfies(s -> assertThat(String.valueOf(s.get("error"))).contains("500"));

            ThreeCalls.repair(stub);
            ApiClient.Response restarted = api.post("/api/v1/executions/" + failedId + "/restart", null);
            assertThat(restarted.status()).isEqualTo(202);
            assertThat(restarted.map().get("run_id")).isEqualTo(failed.get("run_id"));
            String newId = (String) restarted.map().get("execution_id");
            Map<String, Object> done = awaitEnd(newId);

            assertThat(done.get("status")).isEqualTo("COMPLETED");
            assertThat(done.get("restart_of")).isEqualTo(failedId);
            assertThat(done.get("run_execution_ids")).isEqualTo(List.of(failedId, newId));
            assertThat(api.get("/api/v1/executions/" + newId + "/steps").list())
                    .extracting(s -> s.get("name") + "=" + s.get("status"))
                    .contains("one=reused", "two=reused", "three=completed");
            assertThat(stub.calls("/one")).isOne();
            assertThat(stub.calls("/two")).isOne();
            assertThat(stub.calls("/three")).isEqualTo(2);
        }
    }

    @Test
    void runningExecutionIsStoppedThenRestartedAndACompletedOneIsReplayedThroughTheApi() throws Exception {
        Path playbook = PlaybookFiles.write(dir, "api_stop_loop", """
                workload:
                  items: %s
                workflow:
                  - step: start
                    next: [ naps ]
                  - step: naps
                    loop: { over: "$workload.items", as: item, mode: parallel, max_parallel: 4 }
                    type: sql
                    args: { connection: default, query: "select 1 as one from pg_sleep(0.05)" }
                    next: [ end ]
                  - step: end
                """.formatted(java.util.stream.IntStream.range(0, 400).boxed().toList()));
        String id = (String) api.post("/api/v1/executions", Map.of("file", playbook.toString())).map()
                .get("execution_id");
        // Stopped once some iterations are done, as an operator would (see StopTest for the stop itself).
        Deadline.await(Duration.ofSeconds(30), "some iterations of " + id + " done", () -> jdbc.queryForObject(
                "SELECT count(*) FROM queue WHERE execution_id = ? AND status = 'done'", Integer.class,
                Long.parseLong(id)) >= 20);
        ApiClient.Response stop = api.post("/api/v1/executions/" + id + "/stop", null);
        assertThat(stop.status()).as(stop.body()).isEqualTo(202);
        assertThat(stop.map().get("execution_id")).isEqualTo(id);
        Map<String, Object> stopped = awaitEnd(id);
        assertThat(stopped.get("status")).as("%s", stopped).isEqualTo("STOPPED");
        assertProblem(api.post("/api/v1/executions/" + id + "/stop", null), 409, "wrong-state");
        assertProblem(api.post("/api/v1/executions/" + id + "/recover", null), 409, "wrong-state");

        ApiClient.Response restart = api.post("/api/v1/executions/" + id + "/restart", null);
        assertThat(restart.status()).isEqualTo(202);
        String restarted = (String) restart.map().get("execution_id");
        assertThat(awaitEnd(restarted).get("status")).isEqualTo("COMPLETED");
        assertThat(api.get("/api/v1/executions/" + restarted + "/steps").list())
                .filteredOn(st -> "naps".equals(st.get("name"))).singleElement()
                .satisfies(st -> assertThat(((Number) st.get("read_count")).intValue()).isPositive().isLessThan(400));

        ApiClient.Response replay = api.post("/api/v1/executions/" + restarted + "/replay", Map.of("from", "naps",
                "workload", Map.of("items", List.of(1, 2, 3))));
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.map().get("run_id")).isNotEqualTo(restart.map().get("run_id"));
        Map<String, Object> replayed = awaitEnd((String) replay.map().get("execution_id"));
        assertThat(replayed.get("status")).isEqualTo("COMPLETED");
        assertThat(replayed.get("replay_of")).isEqualTo(restarted);
        assertProblem(api.post("/api/v1/executions/" + restarted + "/replay", Map.of("from", "no_such_step")), 409,
                "replay-refused");
    }

    @Test
    void schedulesOfARegisteredPlaybookAreListedPausedAndResumed() throws Exception {
        operations.register(Path.of("../job-configs/examples/scheduled.yaml"));
        String id = "examples/scheduled#1";
        try {
            assertThat(api.get("/api/v1/schedules").list()).extracting(x -> x.get("schedule_id")).contains(id);
            ApiClient.Response paused = api.post("/api/v1/schedules/pause", Map.of("schedule_id", id));
            assertThat(paused.status()).as(paused.body()).isEqualTo(200);
            assertThat(paused.map().get("state")).isEqualTo("PAUSED");
            assertThat(api.get("/api/v1/schedules/examples/scheduled%231").map().get("state")).isEqualTo("PAUSED");
            assertThat(api.post("/api/v1/schedules/resume", Map.of("schedule_id", id)).map().get("state"))
                    .isEqualTo("NORMAL");
        } finally {
            // Its ticks must not start runs in the middle of the other tests.
            api.post("/api/v1/schedules/pause", Map.of("schedule_id", id));
            api.post("/api/v1/schedules/pause", Map.of("schedule_id", "examples/scheduled#0"));
        }
        assertProblem(api.post("/api/v1/schedules/pause", Map.of("schedule_id", "no/such#0")), 404,
                "schedule-not-found");
        assertProblem(api.get("/api/v1/schedules/no/such%230"), 404, "schedule-not-found");
        assertProblem(api.post("/api/v1/schedules/resume", Map.of()), 400, "invalid-request");
        assertProblem(api.withToken(null).post("/api/v1/schedules/pause", Map.of("schedule_id", id)), 401,
                "token-missing");

        Map<String, Object> playbook = api.get("/api/v1/playbooks").list().stream()
                .filter(p -> "examples/scheduled".equals(p.get("path"))).findFirst().orElseThrow();
        assertThat(playbook.get("registered")).isEqualTo(true);
        assertThat(playbook.get("schedule_count")).isEqualTo(2);
        assertThat(playbook.get("executions")).isEqualTo(0);
    }

    private Map<String, Object> awaitEnd(String id) throws Exception {
        Map<String, Object>[] last = new Map[1];
        Deadline.await(Duration.ofSeconds(30), "execution " + id + " to end", () -> {
            try {
                last[0] = api.get("/api/v1/executions/" + id).map();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return List.of("COMPLETED", "FAILED", "STOPPED").contains(last[0].get("status"));
        });
        return last[0];
    }

    private static void assertProblem(ApiClient.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.map()).containsEntry("type", "https://playbatch.io/problems/" + type)
                .containsEntry("status", status).containsKeys("title", "detail", "instance");
        assertThat((String) response.map().get("detail")).isNotBlank();
    }
}
