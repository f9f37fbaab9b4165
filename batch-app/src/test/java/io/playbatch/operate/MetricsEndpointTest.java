package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.testsupport.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What `playbatch serve` exposes: the queue, ledger and broker metrics, the run and step histograms
 * and Spring Batch's own job and step observations, in Prometheus form.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
class MetricsEndpointTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    OperationsService operations;

    @Test
    void prometheusEndpointCountsTheQueueBrokerRunAndStepWorkOfARun() throws Exception {
        operations.start(Path.of("../job-configs/examples/hello.yaml"), Map.of());

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .containsPattern("playbatch_queue_enqueued_total [1-9]")
                .containsPattern("playbatch_queue_completed_total [1-9]")
                .contains("playbatch_queue_enqueue_to_complete_seconds_bucket")
                .contains("playbatch_ledger_dedup_total")
                .containsPattern(
                        "playbatch_broker_transitions_total\\{[^}]*from=\"greet\"[^}]*to=\"whoami\"[^}]*\\} 1\\.0")
                .containsPattern("playbatch_runs_total\\{[^}]*status=\"COMPLETED\"[^}]*\\} 1\\.0")
                .containsPattern("playbatch_run_duration_seconds_count\\{[^}]*status=\"COMPLETED\"[^}]*\\} 1")
                .containsPattern(
                        "playbatch_step_duration_seconds_bucket\\{[^}]*outcome=\"completed\"[^}]*step=\"greet\"")
                .containsPattern("playbatch_task_duration_seconds_bucket\\{[^}]*outcome=\"ok\"")
                .containsPattern(
                        "spring_batch_job_seconds_count\\{[^}]*spring_batch_job_status=\"COMPLETED\"[^}]*\\} 1")
                .contains("spring_batch_step_seconds_count");
    }
}
