package io.playbatch.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code auth} on {@code http} tasks end to end (docs/dsl.md#http-auth, docs/secrets.md#http-authentication): each type
 * sends the header it promises, built on the worker, while no table and no log line holds a
 * secret's value or the Basic credential, even when the server echoes it back. The same run reads
 * the template helpers and vars through the application's renderer.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class HttpAuthRunTest extends PlaybookRunTest {

    private static final String TOKEN = "pb-token-" + UUID.randomUUID();
    private static final String PASSWORD = "pb-password-" + UUID.randomUUID();
    private static final String KEY = "pb-key-" + UUID.randomUUID();
    private static final String BASIC = Base64.getEncoder()
            .encodeToString(("ana:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private static final LocalHttpStub STUB = new LocalHttpStub()
            .on("/bearer", LocalHttpStub.Answer.json(200, "{\"ok\": true}"))
            // An echoing server: the answer carries the Authorization header it was sent.
            .on("/basic", LocalHttpStub.Answer.json(200, "{\"seen\": \"{header:Authorization}\"}"))
            .on("/key", LocalHttpStub.Answer.json(200, "{\"query\": \"{query}\"}"));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
        TestSecrets.register(registry, "api_token=" + TOKEN + "\napi_password=" + PASSWORD + "\napi_key=" + KEY + "\n");
        registry.add("playbatch.vars.region", () -> "eu-west-1");
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Test
    void eachAuthTypeSendsItsHeaderAndNoSecretIsStored(CapturedOutput output) throws Exception {
        RunSummary run = operations.start(Path.of("src/test/resources/playbooks/http-auth.yaml"),
                Map.of("base_url", STUB.baseUrl()));

        assertThat(run.status()).as(run.steps().toString()).isEqualTo("COMPLETED");
        assertThat(STUB.lastHeader("/bearer", "Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(STUB.lastHeader("/basic", "Authorization")).isEqualTo("Basic " + BASIC);
        assertThat(STUB.lastHeader("/key", "X-Api-Key")).isEqualTo(KEY);
        assertThat(STUB.lastHeader("/key", "Authorization")).isNull();
        // What the server echoed comes back with the credential taken out.
        assertThat(run.result()).isEqualTo(Map.of("seen", "Basic [secret:basic-auth]"));

        for (String value : List.of(TOKEN, PASSWORD, KEY, BASIC)) {
            assertThat(output.getAll()).doesNotContain(value);
            assertThat(tablesHolding(value)).as("tables holding a credential").isEmpty();
        }
        String queued = jdbc.queryForObject("SELECT string_agg(task::text, ' ') FROM queue WHERE execution_id = ?",
                String.class, run.executionId());
        assertThat(queued).contains("{\"$secret\": \"api_token\"}").contains("{\"$secret\": \"api_password\"}")
                .contains("{\"$secret\": \"api_key\"}");
    }

    @Test
    void helpersAndVarsRenderInTheRun() throws Exception {
        RunSummary run = operations.start(Path.of("src/test/resources/playbooks/http-auth.yaml"),
                Map.of("base_url", STUB.baseUrl()));

        assertThat(run.status()).as(run.steps().toString()).isEqualTo("COMPLETED");
        assertThat(STUB.lastHeader("/bearer", "X-Region")).isEqualTo("eu-west-1");
        assertThat(STUB.lastHeader("/bearer", "X-Run-Started")).matches(TIMESTAMP);
        assertThat(STUB.lastHeader("/bearer", "X-Sent-At")).matches(TIMESTAMP);
        Map<String, Object> steps = ledger.stepResults(run.executionId());
        assertThat(steps.get("api_key")).extracting("data.body.query").isEqualTo("zone=north");
        String queued = jdbc.queryForObject("SELECT string_agg(task::text, ' ') FROM queue WHERE execution_id = ?",
                String.class, run.executionId());
        // $fn.json wrote the workload's order as JSON text into the body.
        assertThat(queued).contains("{\\\"id\\\":7,\\\"lines\\\":[1,2]}");
    }
}
