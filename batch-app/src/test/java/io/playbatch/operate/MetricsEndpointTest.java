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

/** What `playbatch serve` exposes: the queue, ledger and broker metrics in Prometheus form. */
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
    void prometheusEndpointCountsTheQueueAndBrokerWorkOfARun() throws Exception {
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
                .containsPattern("playbatch_broker_transitions_total\\{[^}]*from=\"greet\"[^}]*to=\"whoami\"[^}]*\\} 1\\.0");
    }
}
