package io.playbatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.operate.OperationsService;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Cross-site request forgery on the REST API without an operator token (the loopback default): a
 * plain HTML form another site's page posts to an action is refused with a 403 problem and changes
 * nothing, whether the browser says so with {@code Origin} or {@code Sec-Fetch-Site}; the server's
 * own pages and non-browser clients (no such headers) still act.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "playbatch.api.token="})
class CrossSiteRequestsTest {

    private static final Path FAILING = Path.of("src/test/resources/playbooks/failing-sql.yaml");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        TestDatabases.create().register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    OperationsService operations;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port, null);
    }

    @Test
    void aFormPostedFromAnotherSitesPageIsRefusedAndTheExecutionIsUnchanged() throws Exception {
        long failed = failedExecution();

        // restart takes no body, so before the check a plain form was enough to start a new execution.
        ApiClient.Response forged = api.postForm("/api/v1/executions/" + failed + "/restart",
                "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site");

        assertCrossSiteProblem(forged);
        assertThat((String) forged.map().get("detail")).contains("http://evil.example");
        assertThat(operations.execution(failed).status()).isEqualTo("FAILED");
        assertThat(api.get("/api/v1/executions/" + failed).map().get("run_execution_ids"))
                .isEqualTo(java.util.List.of(String.valueOf(failed)));
    }

    @Test
    void anOriginOfAnotherPortOrSchemeOrTheNullOriginIsCrossSite() throws Exception {
        long failed = failedExecution();
        String path = "/api/v1/executions/" + failed + "/abandon";

        assertCrossSiteProblem(api.postForm(path, "Origin", "http://127.0.0.1:" + (port + 1)));
        assertCrossSiteProblem(api.postForm(path, "Origin", "https://127.0.0.1:" + port));
        assertCrossSiteProblem(api.postForm(path, "Origin", "null"));
        assertCrossSiteProblem(api.postForm("/api/v1/executions/" + failed + "/restart", "Origin",
                "http://localhost:" + port));
        assertThat(operations.execution(failed).status()).isEqualTo("FAILED");
    }

    @Test
    void secFetchSiteCrossSiteOrSameSiteWithoutOriginIsRefused() throws Exception {
        long failed = failedExecution();

        assertCrossSiteProblem(api.postForm("/api/v1/executions/" + failed + "/abandon", "Sec-Fetch-Site",
                "cross-site"));
        assertCrossSiteProblem(api.postForm("/api/v1/executions/" + failed + "/recover", "Sec-Fetch-Site",
                "same-site"));

        assertThat(operations.execution(failed).status()).isEqualTo("FAILED");
    }

    @Test
    void aPostFromTheServersOwnOriginIsAccepted() throws Exception {
        long failed = failedExecution();

        ApiClient.Response own = api.post("/api/v1/executions/" + failed + "/abandon", Map.of("reason", "console"),
                "Origin", api.origin(), "Sec-Fetch-Site", "same-origin");

        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(operations.execution(failed).status()).isEqualTo("ABANDONED");
    }

    @Test
    void aPostWithoutOriginOrSecFetchSiteIsAcceptedWithoutAToken() throws Exception {
        long failed = failedExecution();

        ApiClient.Response script = api.post("/api/v1/executions/" + failed + "/abandon", Map.of("reason", "cli"));

        assertThat(script.status()).as(script.body()).isEqualTo(200);
        assertThat(operations.execution(failed).status()).isEqualTo("ABANDONED");
    }

    @Test
    void readsFromAnotherSiteAreNotRefused() throws Exception {
        long failed = failedExecution();

        ApiClient.Response read = api.get("/api/v1/executions/" + failed, "Origin", "http://evil.example",
                "Sec-Fetch-Site", "cross-site");

        assertThat(read.status()).isEqualTo(200);
    }

    private long failedExecution() throws Exception {
        long id = operations.start(FAILING, Map.of()).executionId();
        assertThat(operations.execution(id).status()).isEqualTo("FAILED");
        return id;
    }

    private static void assertCrossSiteProblem(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.map()).containsEntry("type", "https://playbatch.io/problems/cross-site-request")
                .containsEntry("status", 403).containsKeys("title", "detail", "instance");
    }
}
