package io.playbatch.chaos;

import io.playbatch.json.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Simultaneous starts against a fresh {@code serve} (docs/operations.md, "Chaos matrix"): each start
 * is answered with an id or a refusal (REST 429, MCP "busy, retry after N s"), every id reaches a
 * final state, its one side effect happens once, and no execution exists that no client was told of.
 */
final class StartExperiments {

    private static final String PLAYBOOK = "chaos/start";

    private final ChaosSettings settings;
    private final JsonCodec json = new JsonCodec();

    StartExperiments(ChaosSettings settings) {
        this.settings = settings;
    }

    /** {@code starts} × {@code POST /api/v1/executions}, all at once. */
    ChaosRow rest() {
        return starts("starts-rest", "rest-", (lab, serve) -> i -> {
            String tag = "rest-" + i;
            Optional<HttpResponse<String>> answer = lab.post(serve.url() + "/api/v1/executions",
                    json.write(Map.of("playbook", PLAYBOOK, "workload", Map.of("tag", tag))));
            if (answer.isEmpty()) {
                return Answer.unexpected("no answer");
            }
            HttpResponse<String> response = answer.get();
            if (response.statusCode() == 202) {
                return Answer.started((String) json.readMap(response.body()).get("execution_id"), tag);
            }
            return response.statusCode() == 429 ? Answer.refusal() : Answer.unexpected("HTTP " + response.statusCode());
        });
    }

    /** {@code starts} × MCP {@code tools/call start_run}, all at once. */
    @SuppressWarnings("unchecked")
    ChaosRow mcp() {
        return starts("starts-mcp", "mcp-", (lab, serve) -> i -> {
            String tag = "mcp-" + i;
            Optional<HttpResponse<String>> answer = lab.post(serve.url() + "/mcp", json.write(Map.of("jsonrpc", "2.0",
                    "id", i, "method", "tools/call", "params", Map.of("name", "start_run", "arguments", Map.of(
                            "playbook", PLAYBOOK, "client_request_id", tag, "workload", Map.of("tag", tag))))));
            if (answer.isEmpty()) {
                return Answer.unexpected("no answer");
            }
            Map<String, Object> body = json.readMap(answer.get().body());
            Map<String, Object> result = (Map<String, Object>) body.get("result");
            if (answer.get().statusCode() != 200 || result == null) {
                return Answer.unexpected("HTTP " + answer.get().statusCode());
            }
            if (Boolean.TRUE.equals(result.get("isError"))) {
                String text = String.valueOf(((List<Map<String, Object>>) result.get("content")).get(0).get("text"));
                return text.startsWith("busy, retry after") ? Answer.refusal() : Answer.unexpected(text);
            }
            return Answer.started((String) ((Map<String, Object>) result.get("structuredContent")).get("execution_id"),
                    tag);
        });
    }

    /** One client's answer: an id (with the tag its side effect carries), a refusal, or something else. */
    record Answer(String executionId, String tag, boolean refused, String other) {
        static Answer started(String executionId, String tag) {
            return new Answer(executionId, tag, false, null);
        }

        static Answer refusal() {
            return new Answer(null, null, true, null);
        }

        static Answer unexpected(String what) {
            return new Answer(null, null, false, what);
        }
    }

    /** How the experiment sends start number {@code i} to the server. */
    @FunctionalInterface
    interface Client {
        IntFunction<Answer> against(ChaosLab lab, ChaosLab.Child serve);
    }

    private ChaosRow starts(String name, String tagPrefix, Client client) {
        try (ChaosLab lab = new ChaosLab(settings)) {
            ChaosLab.Child serve = lab.serve("--mcp");
            lab.command("register", startPlaybook(lab).toString());
            List<Answer> answers = all(client.against(lab, serve));
            Map<String, String> tagsById = new LinkedHashMap<>();
            int refused = 0;
            List<String> others = new ArrayList<>();
            for (Answer answer : answers) {
                if (answer.executionId() != null) {
                    tagsById.put(answer.executionId(), answer.tag());
                } else if (answer.refused()) {
                    refused++;
                } else {
                    others.add(answer.other());
                }
            }
            // -1 names no execution: it keeps "IN (:ids)" valid when every start was refused.
            Map<String, Object> ids = Map.of("ids", tagsById.isEmpty() ? List.of(-1L)
                    : tagsById.keySet().stream().map(Long::valueOf).toList());
            boolean allFinal = ChaosLab.awaitOrTimeout(settings.timeout(), () -> lab.query(jdbc -> jdbc.queryForObject(
                    "SELECT count(*) FROM execution WHERE status IN ('COMPLETED', 'FAILED', 'STOPPED', 'ABANDONED')"
                            + " AND execution_id IN (:ids)", ids, Integer.class)).orElse(-1)
                    == tagsById.size());
            List<String> statuses = lab.query(jdbc -> jdbc.query("SELECT count(*) || ' ' || status FROM execution"
                    + " WHERE execution_id IN (:ids) GROUP BY status ORDER BY status", ids,
                    (rs, row) -> rs.getString(1))).orElse(List.of("database unreachable"));
            Integer withoutClient = lab.query(jdbc -> jdbc.queryForObject("SELECT count(*) FROM execution"
                    + " WHERE execution_id NOT IN (:ids)", ids, Integer.class)).orElse(null);
            int lost = lab.counter().lost(tagsById.values());
            // Over every start's tag, refused ones included: a refused start that ran anyway shows up here too.
            int duplicated = lab.counter().duplicated(IntStream.range(0, answers.size()).mapToObj(i -> tagPrefix + i)
                    .toList());
            String status = (allFinal ? "" : "NOT ALL FINAL ") + (statuses.isEmpty() ? "no ids"
                    : String.join(", ", statuses));
            String note = tagsById.size() + " ids, " + refused + " refused, " + others.size() + " other answers"
                    + (others.isEmpty() ? "" : " (first: " + others.get(0) + ")")
                    + ", " + (withoutClient == null ? "?" : withoutClient) + " executions without a client";
            return new ChaosRow(name, answers.size(), lost, duplicated, null, null, null, status, note);
        } catch (RuntimeException e) {
            return ChaosRow.error(name, e);
        }
    }

    /** A one-step playbook, exposed to MCP, whose one side effect carries the start's tag. */
    private static Path startPlaybook(ChaosLab lab) {
        Path file = lab.dir().resolve("start.yaml");
        try {
            Files.writeString(file, """
                    apiVersion: playbatch.io/v2
                    kind: Playbook
                    metadata:
                      name: start
                      path: %s
                      mcp: { expose: true }
                    workload:
                      base_url: %s
                      tag: none
                    workflow:
                      - step: start
                        next: [ hit ]
                      - step: hit
                        type: http
                        args: { method: POST, url: "${workload.base_url}/item/${workload.tag}" }
                        next: [ end ]
                      - step: end
                    """.formatted(PLAYBOOK, lab.counter().baseUrl()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Sends every start at once (each thread waits on one latch) and returns the answers in order. */
    private List<Answer> all(IntFunction<Answer> start) {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(settings.starts());
        try {
            List<Future<Answer>> sent = new ArrayList<>();
            for (int i = 0; i < settings.starts(); i++) {
                int number = i;
                sent.add(threads.submit(() -> {
                    go.await();
                    return start.apply(number);
                }));
            }
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> answer : sent) {
                answers.add(answer.get(5, java.util.concurrent.TimeUnit.MINUTES));
            }
            return answers;
        } catch (Exception e) {
            throw new IllegalStateException("the simultaneous starts did not all get an answer: " + e, e);
        } finally {
            threads.shutdownNow();
        }
    }
}
