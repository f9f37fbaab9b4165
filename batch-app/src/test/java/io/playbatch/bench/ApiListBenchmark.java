package io.playbatch.bench;

import io.playbatch.PlaybatchApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark behind {@code ops/bench-api}: loads N synthetic executions (default 100,000, see
 * {@link SyntheticExecutions}) into a fresh embedded PostgreSQL, starts the server (API and web
 * console) and measures the executions list — {@code GET /api/v1/executions} first page, filtered
 * by status, playbook, label and time, and deep pages — and the console's {@code /executions} page
 * when it exists. Each case: warm-up requests, then timed sequential requests; prints p50, p95
 * and max in milliseconds, and the plans of the filtered queries (EXPLAIN ANALYZE).
 */
public final class ApiListBenchmark {

    private static final int WARMUP = 20;
    private static final int REQUESTS = 100;

    private ApiListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dataDir = Files.createTempDirectory("playbatch-bench-api-");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlaybatchApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(Map.of("playbatch.db.data-dir", dataDir.toString(), "server.port", "0",
                        "server.address", "127.0.0.1", "playbatch.worker.enabled", "false"))
                .logStartupInfo(false)
                .run()) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            long loadStart = System.nanoTime();
            new SyntheticExecutions(jdbc).load(count);
            System.out.printf("loaded %d synthetic executions (%d events, %d step executions) in %.1f s%n", count,
                    jdbc.queryForObject("SELECT count(*) FROM event", Long.class),
                    jdbc.queryForObject("SELECT count(*) FROM batch_step_execution", Long.class),
                    (System.nanoTime() - loadStart) / 1e9);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            String base = "http://127.0.0.1:" + port;
            Instant day = Instant.now().minus(count / 2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.DAYS);
            Map<String, String> cases = new LinkedHashMap<>();
            cases.put("api first page (limit 50)", "/api/v1/executions?limit=50");
            cases.put("api status=FAILED", "/api/v1/executions?status=FAILED&limit=50");
            cases.put("api playbook + status=FAILED,STOPPED", "/api/v1/executions?playbook=bench/playbook_3"
                    + "&status=FAILED,STOPPED&limit=50");
            cases.put("api label team=ops", "/api/v1/executions?label=team=ops&limit=50");
            cases.put("api label team=ops + env=prod + status=FAILED",
                    "/api/v1/executions?label=team=ops&label=env=prod&status=FAILED&limit=50");
            cases.put("api since/until one day", "/api/v1/executions?since=" + day + "&until="
                    + day.plus(1, ChronoUnit.DAYS) + "&limit=50");
            cases.put("api deep page offset=" + count / 2, "/api/v1/executions?limit=50&offset=" + count / 2);
            cases.put("api status=COMPLETED deep offset=" + count / 4,
                    "/api/v1/executions?status=COMPLETED&limit=50&offset=" + count / 4);
            long failed = jdbc.queryForObject("SELECT max(execution_id) FROM execution WHERE status = 'FAILED'", Long.class);
            cases.put("api execution detail", "/api/v1/executions/" + failed);
            cases.put("api execution steps", "/api/v1/executions/" + failed + "/steps");
            cases.put("api execution timeline", "/api/v1/executions/" + failed + "/timeline");
            cases.put("api playbooks", "/api/v1/playbooks");
            cases.put("api playbook detail (stats over 1000)", "/api/v1/playbooks/bench/playbook_3");
            cases.put("web /executions", "/executions");
            cases.put("web /executions?status=FAILED", "/executions?status=FAILED");
            cases.put("web /executions deep page", "/executions?offset=" + count / 2);
            cases.put("web /executions/{id}", "/executions/" + failed);
            HttpClient http = HttpClient.newHttpClient();
            System.out.printf("%-52s %8s %8s %8s %8s%n", "case", "p50 ms", "p95 ms", "max ms", "rows KB");
            for (Map.Entry<String, String> c : cases.entrySet()) {
                measure(http, base, c.getKey(), c.getValue());
            }
            explain(jdbc, "status=FAILED + labels", "SELECT execution_id FROM execution WHERE status IN ('FAILED')"
                    + " AND labels @> '{\"team\":\"ops\",\"env\":\"prod\"}' ORDER BY execution_id DESC LIMIT 51");
            explain(jdbc, "playbook + 2 statuses", "SELECT execution_id FROM execution WHERE playbook_path ="
                    + " 'bench/playbook_3' AND status IN ('FAILED', 'STOPPED') ORDER BY execution_id DESC LIMIT 51");
            explain(jdbc, "rare status (STARTED: none loaded)", "SELECT execution_id FROM execution WHERE status IN"
                    + " ('STARTED') ORDER BY execution_id DESC LIMIT 51");
            explain(jdbc, "rare label", "SELECT execution_id FROM execution WHERE labels @> '{\"team\":\"nobody\"}'"
                    + " ORDER BY execution_id DESC LIMIT 51");
            explain(jdbc, "deep page", "SELECT execution_id FROM execution ORDER BY execution_id DESC LIMIT 51 OFFSET "
                    + count / 2);
        }
    }

    private static void measure(HttpClient http, String base, String name, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).GET().build();
        HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (first.statusCode() != 200) {
            System.out.printf("%-52s not measured: HTTP %d (not built yet?)%n", name, first.statusCode());
            return;
        }
        for (int i = 0; i < WARMUP; i++) {
            http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        double[] ms = new double[REQUESTS];
        int size = 0;
        for (int i = 0; i < REQUESTS; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            ms[i] = (System.nanoTime() - start) / 1e6;
            size = response.body().length();
        }
        Arrays.sort(ms);
        System.out.printf("%-52s %8.1f %8.1f %8.1f %8d%n", name, ms[REQUESTS / 2], ms[(int) (REQUESTS * 0.95) - 1],
                ms[REQUESTS - 1], size / 1024);
    }

    private static void explain(JdbcTemplate jdbc, String name, String sql) {
        List<String> plan = new ArrayList<>(jdbc.queryForList("EXPLAIN ANALYZE " + sql, String.class));
        System.out.println("EXPLAIN ANALYZE (" + name + "):");
        plan.forEach(line -> System.out.println("  " + line));
    }
}
