package io.playbatch.cli;

import io.playbatch.catalog.RegisteredPlaybook;
import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.json.JsonValues;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.operate.RunHandle;
import io.playbatch.report.ExecutionPage;
import io.playbatch.report.NoSuchExecutionException;
import io.playbatch.report.RunProgress;
import io.playbatch.report.RunResume;
import io.playbatch.report.RunSummary;
import io.playbatch.schedule.ScheduleView;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The answers of a running server's REST API (docs/api.md), turned back into the read models the
 * local services return, so that commands print the same thing either way. Starts no Spring context and
 * opens no database: that is what makes a command answer in a fraction of a second next to a server.
 * Sends {@code PLAYBATCH_API_TOKEN} as the bearer token when it is set.
 */
final class RemoteConnection implements OperatorConnection {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int EVENT_PAGE = 1000;
    /** How long a start waits for the server's admission line (docs/cli.md) before the command gives up. */
    private static final Duration BUSY_PATIENCE = Duration.ofMinutes(2);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private final URI server;
    private final String token;
    private final Duration busyPatience;

    RemoteConnection(URI server, String token) {
        this(server, token, BUSY_PATIENCE);
    }

    RemoteConnection(URI server, String token, Duration busyPatience) {
        this.server = server;
        this.token = token == null || token.isBlank() ? null : token;
        this.busyPatience = busyPatience;
    }

    @Override
    public ExecutionPage list(ExecutionFilter filter) {
        List<String> query = new ArrayList<>();
        add(query, "playbook", filter.playbookPath());
        filter.statuses().forEach(status -> add(query, "status", status));
        add(query, "since", filter.since());
        add(query, "until", filter.until());
        filter.labels().forEach((key, value) -> add(query, "label", key + "=" + value));
        add(query, "limit", filter.limit());
        add(query, "offset", filter.offset());
        Map<String, Object> page = map(get("/api/v1/executions?" + String.join("&", query)));
        List<ExecutionRecord> executions = list(page.get("executions")).stream().map(e -> execution(map(e))).toList();
        return new ExecutionPage(executions, ((Number) page.get("limit")).intValue(),
                ((Number) page.get("offset")).intValue(), Boolean.TRUE.equals(page.get("has_more")));
    }

    @Override
    public ExecutionRecord execution(long executionId) {
        return onExecution(executionId, () -> execution(map(get(executionPath(executionId)))));
    }

    @Override
    public RunSummary summary(long executionId) {
        Map<String, Object> summary = onExecution(executionId, () -> map(get(executionPath(executionId) + "/summary")));
        List<RunSummary.StepLine> steps = list(summary.get("steps")).stream().map(s -> {
            Map<String, Object> step = map(s);
            return new RunSummary.StepLine((String) step.get("name"), (String) step.get("status"),
                    number(step.get("duration_ms")), (String) step.get("message"), number(step.get("read_count")),
                    number(step.get("write_count")), number(step.get("skip_count")));
        }).toList();
        return new RunSummary(id(summary.get("execution_id")), id(summary.get("run_id")),
                (String) summary.get("playbook"), (String) summary.get("status"), summary.get("result"),
                summary.get("error"), steps);
    }

    /** The {@code resumes} of the execution's detail. */
    @Override
    public List<RunResume> resumes(long executionId) {
        Map<String, Object> detail = onExecution(executionId, () -> map(get(executionPath(executionId))));
        return list(detail.get("resumes")).stream().map(r -> resume(map(r))).toList();
    }

    /** Every event, read page after page as the API hands them out. */
    @Override
    public List<StoredEvent> events(long executionId) {
        List<StoredEvent> events = new ArrayList<>();
        String after = null;
        do {
            String query = "/events?limit=" + EVENT_PAGE + (after == null ? "" : "&after=" + after);
            Map<String, Object> page = onExecution(executionId, () -> map(get(executionPath(executionId) + query)));
            list(page.get("events")).forEach(e -> events.add(event(executionId, map(e))));
            after = (String) page.get("next_after");
        } while (after != null);
        return events;
    }

    @Override
    public boolean runsHere() {
        return false;
    }

    @Override
    public RunHandle restart(long executionId) {
        return onExecution(executionId, () -> handle(map(post(executionPath(executionId) + "/restart", Map.of()))));
    }

    @Override
    public RunHandle replay(long executionId, String fromStep, Map<String, Object> workload, boolean latest) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", fromStep);
        body.put("workload", workload);
        body.put("latest", latest);
        return onExecution(executionId, () -> handle(map(post(executionPath(executionId) + "/replay", body))));
    }

    /** The server's summary; the API has no loop iteration counts, so none are shown. */
    @Override
    public RunProgress progress(long executionId) {
        return new RunProgress(summary(executionId), List.of());
    }

    @Override
    public ExecutionRecord stop(long executionId) {
        return onExecution(executionId, () -> execution(map(post(executionPath(executionId) + "/stop", Map.of()))));
    }

    @Override
    public ExecutionRecord abandon(long executionId, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        return onExecution(executionId, () -> execution(map(post(executionPath(executionId) + "/abandon", body))));
    }

    @Override
    public ExecutionRecord recover(long executionId) {
        return onExecution(executionId, () -> execution(map(post(executionPath(executionId) + "/recover", Map.of()))));
    }

    @Override
    public List<ExecutionRecord> recoverDead() {
        return list(post("/api/v1/executions/recover", Map.of())).stream().map(e -> execution(map(e))).toList();
    }

    /** The API lists every playbook it knows (also those that only ran); the command lists the registered ones. */
    @Override
    public List<RegisteredPlaybook> playbooks() {
        return list(get("/api/v1/playbooks")).stream().map(RemoteConnection::map)
                .filter(p -> Boolean.TRUE.equals(p.get("registered"))).map(RemoteConnection::playbook).toList();
    }

    @Override
    public List<ScheduleView> schedules() {
        return list(get("/api/v1/schedules")).stream().map(s -> schedule(map(s))).toList();
    }

    @Override
    public ScheduleView pauseSchedule(String scheduleId) {
        return schedule(map(post("/api/v1/schedules/pause", Map.of("schedule_id", scheduleId))));
    }

    @Override
    public ScheduleView resumeSchedule(String scheduleId) {
        return schedule(map(post("/api/v1/schedules/resume", Map.of("schedule_id", scheduleId))));
    }

    @Override
    public void close() {
        // Nothing held open: each call is one request.
    }

    /**
     * The API words its unknown-execution problem for HTTP clients; the CLI's own exception words it for
     * the command line, as on the database.
     */
    private static <T> T onExecution(long executionId, Supplier<T> call) {
        try {
            return call.get();
        } catch (ServerProblem problem) {
            if (problem.type.endsWith("/execution-not-found")) {
                throw new NoSuchExecutionException(executionId);
            }
            throw problem;
        }
    }

    /** A problem (RFC 9457) the server reports about the request: a usage error, in the server's words. */
    private static final class ServerProblem extends UsageException {

        private final String type;

        ServerProblem(String type, String detail) {
            super(detail);
            this.type = type;
        }
    }

    private static String executionPath(long executionId) {
        return "/api/v1/executions/" + IdCodec.format(executionId);
    }

    private Object get(String path) {
        return send(request("GET", path));
    }

    private Object post(String path, Map<String, Object> body) {
        return send(request("POST", path).json(new JsonCodec().write(body)));
    }

    private ServerRequest request(String method, String path) {
        ServerRequest request = new ServerRequest(method, URI.create(server + path)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    /**
     * The JSON answer; a problem the server reports about the request (unknown id, wrong state) is the
     * command's usage error with the server's words, as the local path reports the same exception. A start
     * the server's admission line refuses (429) left no trace there, so it is sent again after the
     * {@code Retry-After} the server asks for, for up to {@link #busyPatience} in all.
     */
    private Object send(ServerRequest request) {
        Instant giveUp = Instant.now().plus(busyPatience);
        ServerRequest.Answer response = exchange(request);
        while (response.status() == 429) {
            Duration retryAfter = response.retryAfterSeconds().stream()
                    .mapToObj(Duration::ofSeconds).findFirst().orElse(DEFAULT_RETRY_AFTER);
            if (Instant.now().plus(retryAfter).isAfter(giveUp)) {
                throw new RemoteServerException("the server at " + server + " still refused " + request.method() + " "
                        + request.url().getPath() + " after " + busyPatience.toSeconds() + " s: too many starts are"
                        + " under way there (HTTP 429); try again later, or raise playbatch.admission.max-waiting on"
                        + " the server", null);
            }
            pause(retryAfter);
            response = exchange(request);
        }
        int status = response.status();
        if (status == 401 || status == 403) {
            throw new RemoteServerException("the server at " + server + " refused " + request.method() + " "
                    + request.url().getPath() + " (HTTP " + status + "); set PLAYBATCH_API_TOKEN to its operator"
                    + " token", null);
        }
        Object body = parse(response);
        if (status >= 400 && status < 500 && body instanceof Map<?, ?> problem && problem.get("detail") != null) {
            throw new ServerProblem(String.valueOf(problem.get("type")), String.valueOf(problem.get("detail")));
        }
        if (status >= 300 || body == null) {
            throw new RemoteServerException("the server at " + server + " answered " + request.method() + " "
                    + request.url().getPath() + " with HTTP " + status + (body instanceof Map<?, ?> problem
                            && problem.get("detail") != null ? ": " + problem.get("detail") : "")
                    + "; see the server's log", null);
        }
        return body;
    }

    private ServerRequest.Answer exchange(ServerRequest request) {
        try {
            return request.send(ServerLocator.PROBE_TIMEOUT, TIMEOUT);
        } catch (IOException e) {
            throw new RemoteServerException("the server at " + server + " does not answer (" + e
                    + "); check that 'playbatch serve' runs there, or drop --server / PLAYBATCH_SERVER to use the"
                    + " database directly", e);
        }
    }

    private void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteServerException("interrupted while waiting for " + server, e);
        }
    }

    private static Object parse(ServerRequest.Answer response) {
        return response.isJson() ? JsonValues.read(response.body()) : null;
    }

    private static ExecutionRecord execution(Map<String, Object> e) {
        return new ExecutionRecord(id(e.get("execution_id")), id(e.get("run_id")), (String) e.get("playbook"),
                (String) e.get("revision"), optionalId(e.get("restart_of")), optionalId(e.get("replay_of")),
                optionalId(e.get("parent_execution_id")), optionalId(e.get("parent_event_id")),
                (String) e.get("status"), instant(e.get("created_at")), instant(e.get("started_at")),
                instant(e.get("ended_at")), e.get("result"), e.get("error"));
    }

    private static RunResume resume(Map<String, Object> r) {
        return new RunResume(id(r.get("dead_execution_id")), id(r.get("execution_id")), (String) r.get("dead_manager_id"),
                (String) r.get("new_manager_id"), integer(r.get("resume")), instant(r.get("at")));
    }

    private static RunHandle handle(Map<String, Object> accepted) {
        return new RunHandle(id(accepted.get("execution_id")), id(accepted.get("run_id")));
    }

    private static StoredEvent event(long executionId, Map<String, Object> e) {
        return new StoredEvent(id(e.get("event_id")), executionId, optionalId(e.get("parent_event_id")),
                EventType.fromCode((String) e.get("event_type")), (String) e.get("node_id"),
                (String) e.get("node_name"), (String) e.get("node_type"), integer(e.get("current_index")),
                (String) e.get("status"), integer(e.get("attempt")), optionalMap(e.get("context")), e.get("result"),
                e.get("error"), (String) e.get("worker_id"), number(e.get("duration_ms")), instant(e.get("created_at")));
    }

    @SuppressWarnings("unchecked")
    private static RegisteredPlaybook playbook(Map<String, Object> p) {
        return new RegisteredPlaybook((String) p.get("path"), (String) p.get("registered_revision"),
                (String) p.get("registered_name"), (String) p.get("description"), (Map<String, String>) p.get("labels"),
                (String) p.get("registered_source_file"), instant(p.get("registered_at")),
                integer(p.get("schedule_count")));
    }

    private static ScheduleView schedule(Map<String, Object> s) {
        return new ScheduleView((String) s.get("schedule_id"), (String) s.get("playbook"), (String) s.get("cron"),
                (String) s.get("quartz_cron"), (String) s.get("timezone"), (String) s.get("missed"),
                (String) s.get("overlap"), (String) s.get("state"), instant(s.get("next_fire_at")),
                instant(s.get("last_tick_at")), (String) s.get("last_outcome"), optionalId(s.get("last_execution_id")));
    }

    private static void add(List<String> query, String name, Object value) {
        if (value != null) {
            query.add(name + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> optionalMap(Object value) {
        return value == null ? null : map(value);
    }

    private static List<?> list(Object value) {
        return (List<?>) value;
    }

    private static long id(Object value) {
        return IdCodec.parse("id", value);
    }

    private static Long optionalId(Object value) {
        return value == null ? null : id(value);
    }

    private static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    private static Instant instant(Object value) {
        return value == null ? null : Instant.parse((String) value);
    }
}
