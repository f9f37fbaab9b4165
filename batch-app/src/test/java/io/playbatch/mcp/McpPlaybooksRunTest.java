package io.playbatch.mcp;

import static io.playbatch.mcp.FakeModelServer.answer;
import static io.playbatch.mcp.FakeModelServer.status;
import static io.playbatch.mcp.FakeModelServer.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The MCP examples and the agent loop end to end (docs/mcp.md#tests layer 4): embedded PostgreSQL, the
 * queue and its workers, the in-process MCP server and the scripted fake model.
 */
@SpringBootTest(properties = {"playbatch.mcp.stdio.allowed-commands=java", "playbatch.worker.heartbeat=500ms",
        "playbatch.worker.reap-interval=200ms"})
class McpPlaybooksRunTest extends PlaybookRunTest {

    @RegisterExtension
    static final McpTestServer MCP = new McpTestServer();

    private static final FakeModelServer MODEL = new FakeModelServer();
    private static final Path EXAMPLES = Path.of("../job-configs/examples/mcp");
    private static final Path PLAYBOOKS = Path.of("src/test/resources/playbooks/mcp");
    private static final String FINAL = "{\"severity\": \"high\", \"cause\": \"disk full on /var/batch\"}";

    private static final String CRM_TOKEN = "tok-s3cr3t-4711";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws java.io.IOException {
        TestDatabases.create().register(registry);
        Path secrets = java.nio.file.Files.createTempFile("mcp-secrets", ".properties");
        java.nio.file.Files.writeString(secrets, "crm_token=" + CRM_TOKEN + "\n");
        registry.add("playbatch.secrets.file", secrets::toString);
    }

    @AfterAll
    static void stopModel() {
        MODEL.close();
    }

    @BeforeEach
    void reset() {
        MCP.reset();
        MODEL.reset();
    }

    private Map<String, Object> servers() {
        return Map.of("mcp_url", MCP.url(), "llm_url", MODEL.url());
    }

    @Test
    void ticketEnrichCallsToolsAsStepsWithTheResourceAndAnIdempotencyKey() throws Exception {
        RunSummary run = operations.start(EXAMPLES.resolve("ticket-enrich.yaml"), Map.of("mcp_url", MCP.url()));

        assertThat(run.status()).as(String.valueOf(run.steps())).isEqualTo("COMPLETED");
        assertThat(run.result()).isEqualTo(Map.of("ticket_id", "T-1", "customer", "Ada Lovelace"));
        assertThat(MCP.ticketsCreated.get()).isOne();
        assertThat(nodeIds(run)).containsExactlyInAnyOrder("resource:sla_policy", "customer", "ticket");
        Map<String, Object> ticket = MCP.calls.stream().filter(c -> c.name().equals("tickets.create")).findFirst()
                .orElseThrow().arguments();
        assertThat(String.valueOf(ticket.get("sla"))).contains("Gold customers get an answer within 4 hours");
        assertThat(MCP.calls.stream().filter(c -> c.name().equals("tickets.create")).findFirst().orElseThrow().meta())
                .containsEntry("io.playbatch/idempotency-key", run.runId() + ":ticket");
        assertThat(jdbc.queryForObject("SELECT task->>'at_most_once' FROM queue WHERE execution_id = ? AND node_id = ?",
                String.class, run.executionId(), "ticket")).isEqualTo("true");
        assertThat(jdbc.queryForObject("SELECT task->>'at_most_once' FROM queue WHERE execution_id = ? AND node_id = ?",
                String.class, run.executionId(), "customer")).isNull();
        assertLineageAndSnapshots(run);
    }

    @Test
    void triageAgentRunsEachTurnAndToolCallAsItsOwnQueueRowWithCompleteLineage() throws Exception {
        MODEL.then(toolCalls("get_job_log", "{\"run\": \"4711\"}", "search_runbook", "{\"query\": \"disk full\"}"),
                answer(FINAL));

        RunSummary run = operations.start(EXAMPLES.resolve("triage-agent.yaml"), servers());

        assertThat(run.status()).as(String.valueOf(run.steps())).isEqualTo("COMPLETED");
        assertThat(run.result()).isEqualTo(Map.of("severity", "high", "cause", "disk full on /var/batch"));
        assertThat(nodeIds(run)).contains("triage[0]", "triage[0].tool[0]", "triage[0].tool[1]", "triage[1]",
                "resource:runbook", "report");
        assertThat(events(run, EventType.LOOP_ITERATION)).hasSize(2);
        Map<String, Object> data = stepData(run, "triage");
        assertThat(data).containsEntry("stop_reason", "no_tool_calls").containsEntry("turns", 2);
        assertThat(data.get("tool_calls")).isEqualTo(List.of(
                Map.of("name", "get_job_log", "node_id", "triage[0].tool[0]", "status", "ok"),
                Map.of("name", "search_runbook", "node_id", "triage[0].tool[1]", "status", "ok")));
        assertThat(data.get("usage")).isEqualTo(Map.of("prompt_tokens", 20, "completion_tokens", 10));
        // Tool calls hang off their model turn's task_completed; each turn off its loop_iteration.
        Long turnCompleted = jdbc.queryForObject("SELECT event_id FROM event WHERE execution_id = ? AND node_id = ?"
                + " AND event_type = 'task_completed'", Long.class, run.executionId(), "triage[0]");
        assertThat(jdbc.queryForList("SELECT parent_event_id FROM queue WHERE execution_id = ? AND node_id LIKE"
                + " 'triage[0].tool[%'", Long.class, run.executionId())).containsOnly(turnCompleted);
        assertThat(jdbc.queryForList("SELECT e.event_type FROM queue q JOIN event e ON e.event_id = q.parent_event_id"
                + " WHERE q.execution_id = ? AND q.node_id IN ('triage[0]', 'triage[1]')", String.class,
                run.executionId())).containsOnly("loop_iteration");
        // The model saw the system prompt, the runbook as context, the prompt, and only the listed tools.
        List<Map<String, Object>> first = MODEL.messages(0);
        assertThat(first).extracting(m -> m.get("role")).containsExactly("system", "user", "user");
        assertThat(String.valueOf(first.get(1).get("content"))).contains("A full disk fails the load step");
        assertThat(first.get(2).get("content")).isEqualTo("Run 4711 failed. Find the cause.");
        assertThat(offeredTools(0)).containsExactly("get_job_log", "search_runbook");
        List<Map<String, Object>> second = MODEL.messages(1);
        assertThat(second).extracting(m -> m.get("role")).containsExactly("system", "user", "user", "assistant",
                "tool", "tool");
        assertThat(second.subList(4, 6)).extracting(m -> m.get("tool_call_id"))
                .containsExactly("call_0_get_job_log", "call_1_search_runbook");
        assertThat(String.valueOf(second.get(4).get("content"))).contains("disk full");
        assertThat(MCP.calls("post_summary")).isOne();
        assertLineageAndSnapshots(run);
    }

    @Test
    void aRateLimitedModelTurnIsRetriedOnTheSameRowWithTheModelsRetryPolicy() throws Exception {
        MODEL.then(status(429), answer(FINAL));

        RunSummary run = operations.start(EXAMPLES.resolve("triage-agent.yaml"), servers());

        assertThat(run.status()).as(String.valueOf(run.steps())).isEqualTo("COMPLETED");
        assertThat(MODEL.requests()).hasSize(2);
        assertThat(MODEL.messages(1)).isEqualTo(MODEL.messages(0));
        assertThat(jdbc.queryForMap("SELECT attempts, max_attempts FROM queue WHERE execution_id = ? AND node_id"
                + " = 'triage[0]'", run.executionId())).containsEntry("attempts", 2).containsEntry("max_attempts", 3);
        assertThat(events(run, EventType.TASK_FAILED)).extracting(e -> String.valueOf(e.error()))
                .singleElement().asString().contains("model_rate_limited");
    }

    @Test
    void invalidOrUnlistedToolCallsGoBackToTheModelAndNeverReachTheServer() throws Exception {
        MODEL.then(toolCalls("get_job_log", "{\"job\": 4711}", "post_summary", "{}"), answer(FINAL));

        RunSummary run = operations.start(EXAMPLES.resolve("triage-agent.yaml"), servers());

        assertThat(run.status()).as(String.valueOf(run.steps())).isEqualTo("COMPLETED");
        assertThat(MCP.calls("get_job_log")).isZero();
        assertThat(nodeIds(run)).noneMatch(id -> id.contains(".tool["));
        List<Map<String, Object>> tools = MODEL.messages(1).stream().filter(m -> "tool".equals(m.get("role"))).toList();
        assertThat(tools).extracting(m -> m.get("tool_call_id")).containsExactly("call_0_get_job_log",
                "call_1_post_summary");
        assertThat(String.valueOf(tools.get(0).get("content"))).startsWith("{\"error\":")
                .contains("do not match its input schema").contains("run");
        assertThat(String.valueOf(tools.get(1).get("content"))).contains("'post_summary' is not offered");
        assertThat(stepData(run, "triage").get("tool_calls")).isEqualTo(List.of(
                Map.of("name", "get_job_log", "status", "invalid"), Map.of("name", "post_summary", "status", "invalid"))
                .stream().map(m -> {
                    Map<String, Object> e = new java.util.LinkedHashMap<>(m);
                    e.put("node_id", null);
                    return e;
                }).toList());
    }

    @Test
    void maxTurnsExhaustionFailsTheStepNamingTheLimit() throws Exception {
        MODEL.then(toolCalls("get_job_log", "{\"run\": \"1\"}"), toolCalls("get_job_log", "{\"run\": \"2\"}"));

        RunSummary run = operations.start(PLAYBOOKS.resolve("agent-limit-fail.yaml"), servers());

        assertThat(run.status()).isEqualTo("FAILED");
        String message = run.steps().stream().filter(s -> s.name().equals("looping")).findFirst().orElseThrow()
                .message();
        assertThat(message).contains("looping").contains("max_turns = 2").contains("on_limit");
        assertThat(MODEL.requests()).hasSize(2);
        assertThat(events(run, EventType.LOOP_ITERATION)).hasSize(2);
    }

    @Test
    void maxTurnsWithOnLimitCompleteCompletesWithTheStopReason() throws Exception {
        MODEL.then(toolCalls("get_job_log", "{\"run\": \"1\"}"), toolCalls("get_job_log", "{\"run\": \"2\"}"));

        RunSummary run = operations.start(PLAYBOOKS.resolve("agent-limit-complete.yaml"), servers());

        assertThat(run.status()).as(String.valueOf(run.steps())).isEqualTo("COMPLETED");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) run.result();
        assertThat(data).containsEntry("stop_reason", "max_turns").containsEntry("turns", 2);
        assertThat(MCP.calls("get_job_log")).isEqualTo(2);
    }

    @Test
    void restartAfterTurnTwoRepeatsNoModelTurnAndNoToolCall() throws Exception {
        MODEL.then(toolCalls("get_job_log", "{\"run\": \"4711\"}"), toolCalls("search_runbook", "{\"query\": \"disk\"}"),
                status(400));
        RunSummary failed = operations.start(EXAMPLES.resolve("triage-agent.yaml"), servers());
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(MODEL.requests()).hasSize(3);

        MODEL.then(answer(FINAL));
        RunSummary restarted = operations.restart(failed.executionId());

        assertThat(restarted.status()).as(String.valueOf(restarted.steps())).isEqualTo("COMPLETED");
        assertThat(restarted.result()).isEqualTo(Map.of("severity", "high", "cause", "disk full on /var/batch"));
        // One new request only: turn 2 again, with exactly the transcript the failed turn 2 had.
        assertThat(MODEL.requests()).hasSize(4);
        assertThat(MODEL.messages(3)).isEqualTo(MODEL.messages(2));
        assertThat(MCP.calls("get_job_log")).isOne();
        assertThat(MCP.calls("search_runbook")).isOne();
        assertThat(nodeIds(restarted)).contains("triage[2]").doesNotContain("triage[0]", "triage[1]",
                "triage[0].tool[0]", "triage[1].tool[0]");
        assertThat(events(restarted, EventType.LOOP_ITERATION)).extracting(StoredEvent::status)
                .containsExactly("reused", "reused", "dispatched");
        assertLineageAndSnapshots(restarted);
    }

    @Test
    void aSideEffectingToolWhoseLeaseExpiresIsDeadWithOutcomeUnknownAndNeverCalledAgain() throws Exception {
        MCP.ticketGate = new CountDownLatch(1);
        CompletableFuture<RunSummary> running = CompletableFuture.supplyAsync(() -> {
            try {
                return operations.start(PLAYBOOKS.resolve("ticket-once.yaml"), Map.of("mcp_url", MCP.url()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(MCP.callArrived.await(30, TimeUnit.SECONDS)).isTrue();
        long queueId = jdbc.queryForObject("SELECT queue_id FROM queue WHERE node_id = 'ticket' AND status = 'leased'",
                Long.class);
        // The worker is as good as dead: its lease runs out while the call is in flight. Its heartbeat
        // (every 500 ms) may still extend a lease the reaper has not taken back yet, so the lease is
        // made to run out again until the reaper (every 200 ms) has taken it.
        Deadline.await(Duration.ofSeconds(20), "the reaper to take the lease back", () -> {
            jdbc.update("UPDATE queue SET lease_expires_at = now() - INTERVAL '1 second' WHERE queue_id = ?"
                    + " AND status = 'leased'", queueId);
            return "dead".equals(jdbc.queryForObject("SELECT status FROM queue WHERE queue_id = ?", String.class,
                    queueId));
        });
        MCP.ticketGate.countDown();
        RunSummary run = running.get(60, TimeUnit.SECONDS);

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT error->>'type' FROM queue WHERE execution_id = ? AND node_id = 'ticket'",
                String.class, run.executionId())).isEqualTo("mcp_outcome_unknown");
        assertThat(jdbc.queryForObject("SELECT attempts FROM queue WHERE execution_id = ? AND node_id = 'ticket'",
                Integer.class, run.executionId())).isOne();
        assertThat(MCP.ticketsCreated.get()).isOne();
        assertThat(events(run, EventType.LEASE_EXPIRED)).extracting(e -> String.valueOf(e.error()))
                .allMatch(e -> e.contains("mcp_outcome_unknown"));
    }

    @Test
    void aSecretHeaderIsStoredAsAReferenceAndResolvedOnlyForTheCall() throws Exception {
        RunSummary run = operations.start(PLAYBOOKS.resolve("secret-header.yaml"), Map.of("mcp_url", MCP.url()));

        assertThat(run.status()).as(String.valueOf(run.steps())).isEqualTo("COMPLETED");
        assertThat(MCP.authorizations).containsExactly("Bearer " + CRM_TOKEN);
        assertThat(jdbc.queryForObject("SELECT task->'args'->'server'->'headers'->>'Authorization' FROM queue"
                + " WHERE execution_id = ? AND node_id = 'customer'", String.class, run.executionId()))
                .isEqualTo("Bearer ${secret:crm_token}");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ? AND (task::text LIKE ?"
                + " OR result::text LIKE ?)", Long.class, run.executionId(), "%" + CRM_TOKEN + "%",
                "%" + CRM_TOKEN + "%")).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ? AND (context::text LIKE ?"
                + " OR result::text LIKE ?)", Long.class, run.executionId(), "%" + CRM_TOKEN + "%",
                "%" + CRM_TOKEN + "%")).isZero();
    }

    @Test
    void aToolErrorIsNotRetriedEvenWithAttemptsLeft() throws Exception {
        RunSummary run = operations.start(PLAYBOOKS.resolve("tool-error.yaml"), Map.of("mcp_url", MCP.url()));

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(MCP.calls("fail")).isOne();
        assertThat(jdbc.queryForMap("SELECT status, attempts, max_attempts, error->>'type' AS type FROM queue"
                + " WHERE execution_id = ? AND node_id = 'check'", run.executionId()))
                .containsEntry("status", "dead").containsEntry("attempts", 1).containsEntry("max_attempts", 3)
                .containsEntry("type", "mcp_tool_error");
    }

    @Test
    void dailyLogsReadsATemplatedResourcePerDayAndIndexesEach() throws Exception {
        RunSummary run = operations.start(EXAMPLES.resolve("daily-logs.yaml"), Map.of("mcp_url", MCP.url()));

        assertThat(run.status()).as(String.valueOf(run.steps())).isEqualTo("COMPLETED");
        assertThat(nodeIds(run)).contains("read[0]", "read[1]", "index[0]", "index[1]");
        assertThat(jdbc.queryForList("SELECT result->'data'->>'lines' FROM queue WHERE execution_id = ? AND node_name"
                + " = 'index' ORDER BY node_id", String.class, run.executionId())).containsExactly("2", "2");
        assertThat(MCP.calls("index_log")).isEqualTo(2);
        assertLineageAndSnapshots(run);
    }

    @Test
    void theSameReadsFromAnAllowlistedStdioServer() throws Exception {
        RunSummary run;
        try {
            run = operations.start(PLAYBOOKS.resolve("stdio-daily-logs.yaml"),
                    Map.of("fixture_cp", System.getProperty("java.class.path")));
        } catch (io.playbatch.operate.PlaybookInvalidException e) {
            throw new AssertionError(e.getMessage() + ": " + e.diagnostics(), e);
        }

        assertThat(run.status()).as(String.valueOf(run.steps())).isEqualTo("COMPLETED");
        assertThat(nodeIds(run)).contains("read[0]", "read[1]", "index[0]", "index[1]");
        assertThat(stepData(run, "index")).isNull();
        assertThat(jdbc.queryForList("SELECT result->'data'->>'lines' FROM queue WHERE execution_id = ? AND node_name"
                + " = 'index' ORDER BY node_id", String.class, run.executionId())).containsExactly("2", "2");
        assertThat(jdbc.queryForObject("SELECT task->'args'->>'uri' FROM queue WHERE execution_id = ? AND node_id"
                + " = 'read[1]'", String.class, run.executionId())).isEqualTo("file:///logs/2026-11-24.log");
        assertLineageAndSnapshots(run);
    }

    private List<String> nodeIds(RunSummary run) {
        return jdbc.queryForList("SELECT node_id FROM queue WHERE execution_id = ?", String.class, run.executionId());
    }

    private List<StoredEvent> events(RunSummary run, EventType type) {
        return ledger.events(run.executionId()).stream().filter(e -> e.type() == type).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> stepData(RunSummary run, String step) {
        Object envelope = ledger.stepResults(run.executionId()).get(step);
        return envelope == null || !(((Map<String, Object>) envelope).get("data") instanceof Map<?, ?> data)
                ? null : (Map<String, Object>) data;
    }

    @SuppressWarnings("unchecked")
    private List<Object> offeredTools(int request) {
        return ((List<Map<String, Object>>) MODEL.requests().get(request).get("tools")).stream()
                .map(t -> ((Map<String, Object>) t.get("function")).get("name")).toList();
    }

    private void assertLineageAndSnapshots(RunSummary run) {
        List<StoredEvent> events = ledger.events(run.executionId());
        Set<Long> ids = events.stream().map(StoredEvent::eventId).collect(Collectors.toSet());
        assertThat(events.stream().filter(e -> e.parentEventId() == null).map(StoredEvent::type))
                .containsExactly(EventType.EXECUTION_STARTED);
        assertThat(events).filteredOn(e -> e.parentEventId() != null)
                .allSatisfy(e -> assertThat(ids).contains(e.parentEventId()));
        assertThat(verifier.verify(run.executionId())).isEmpty();
    }
}
