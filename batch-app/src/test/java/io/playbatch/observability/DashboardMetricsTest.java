package io.playbatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.DatabaseRunTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The dashboards and alert rules of ops/observability query only what the server exposes: after
 * examples ran (a completed run, a failed one, a chunk step) and a scheduled playbook was registered,
 * every metric named by a dashboard panel or an alert rule is in {@code /actuator/prometheus}, and
 * each dashboard is Grafana dashboard JSON with Prometheus targets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "playbatch.metrics.cluster-refresh=200ms"})
class DashboardMetricsTest extends DatabaseRunTest {

    private static final Path EXAMPLES = Path.of("../job-configs/examples");
    private static final Path OBSERVABILITY = Path.of("../ops/observability");
    private static final Pattern RECENT_FAILED = Pattern.compile(
            "playbatch_executions_finished_recent\\{[^}]*status=\"FAILED\"");

    @LocalServerPort
    int port;

    @Test
    void everyDashboardAndAlertQueryNamesAMetricTheServerExposes() throws Exception {
        operations.register(EXAMPLES.resolve("scheduled.yaml"));
        assertThat(run("hello.yaml", Map.of()).status()).isEqualTo("COMPLETED");
        assertThat(run("on_failure.yaml", Map.of()).status()).isEqualTo("FAILED");
        assertThat(run("chunk.yaml", Map.of("out_dir", "target/dashboard-output")).status()).isEqualTo("COMPLETED");
        // The cluster gauges with labels appear at the first refresh after the runs ended.
        Deadline.await(Duration.ofSeconds(30), "the schedule lateness and recent runs gauges in the scrape", () -> {
            String scrape = scrape();
            return scrape.contains("playbatch_schedule_lateness_seconds{") && RECENT_FAILED.matcher(scrape).find();
        });
        Set<String> exposed = seriesNames(scrape());

        List<Path> dashboards = files(".json");
        assertThat(dashboards).as("dashboards in " + OBSERVABILITY).isNotEmpty();
        for (Path file : dashboards) {
            Map<String, Object> dashboard = JsonMapper.builder().build().readValue(file.toFile(), Map.class);
            assertThat(dashboard.get("schemaVersion")).as(file + " schemaVersion").isInstanceOf(Integer.class);
            assertThat(templating(dashboard)).as(file + ": a Prometheus datasource variable")
                    .anySatisfy(variable -> assertThat(variable)
                            .containsEntry("type", "datasource").containsEntry("query", "prometheus"));
            List<Map<String, Object>> panels = panels(dashboard);
            assertThat(panels).as(file + " panels").isNotEmpty();
            for (Map<String, Object> panel : panels) {
                String where = file.getFileName() + ", panel \"" + panel.get("title") + "\"";
                List<Map<String, Object>> targets = list(panel.get("targets"));
                assertThat(targets).as(where + ": targets").isNotEmpty();
                for (Map<String, Object> target : targets) {
                    assertThat(map(target.get("datasource"))).as(where + ": datasource")
                            .containsEntry("type", "prometheus");
                    assertQueriesExposedMetrics(where, (String) target.get("expr"), exposed);
                }
            }
            for (Map<String, Object> variable : templating(dashboard)) {
                if (variable.get("definition") instanceof String definition) {
                    assertQueriesExposedMetrics(file.getFileName() + ", variable " + variable.get("name"),
                            definition.replaceFirst("^label_values\\(([^,]+),.*$", "$1"), exposed);
                }
            }
        }

        Map<String, Object> alerts = new YAMLMapper().readValue(OBSERVABILITY.resolve("alerts.yml").toFile(),
                Map.class);
        List<Map<String, Object>> rules = list(alerts.get("groups")).stream()
                .flatMap(group -> list(group.get("rules")).stream()).toList();
        assertThat(rules).as("alert rules").isNotEmpty();
        for (Map<String, Object> rule : rules) {
            assertThat(rule.get("alert")).as("alert name").isNotNull();
            assertQueriesExposedMetrics("alerts.yml, " + rule.get("alert"), (String) rule.get("expr"), exposed);
        }
    }

    private RunSummary run(String example, Map<String, Object> workload) throws Exception {
        return operations.start(EXAMPLES.resolve(example), workload);
    }

    private static void assertQueriesExposedMetrics(String where, String expression, Set<String> exposed) {
        assertThat(expression).as(where + ": expr").isNotBlank();
        Set<String> names = PromQlMetricNames.of(expression);
        assertThat(names).as(where + ": the metrics of " + expression).isNotEmpty();
        assertThat(exposed).as(where + ": " + expression + " queries metrics missing from /actuator/prometheus")
                .containsAll(names);
    }

    private String scrape() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("cannot scrape /actuator/prometheus: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The series names of a Prometheus text exposition: each sample line up to its labels or value. */
    private static Set<String> seriesNames(String exposition) {
        return exposition.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
    }

    private static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(OBSERVABILITY)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Every panel, including those nested in rows. */
    private static List<Map<String, Object>> panels(Map<String, Object> container) {
        List<Map<String, Object>> panels = new ArrayList<>();
        for (Map<String, Object> panel : list(container.get("panels"))) {
            if ("row".equals(panel.get("type"))) {
                panels.addAll(panels(panel));
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    private static List<Map<String, Object>> templating(Map<String, Object> dashboard) {
        return list(map(dashboard.get("templating")).get("list"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }
}
