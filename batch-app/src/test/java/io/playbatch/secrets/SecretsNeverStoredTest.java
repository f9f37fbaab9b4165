package io.playbatch.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestSecrets;
import java.nio.file.Path;
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
 * The acceptance test of docs/secrets.md: a secret used by a playbook reaches the task that needs
 * it, and appears in no table Playbatch writes and nowhere in its log output.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverStoredTest extends PlaybookRunTest {

    /** Unique, so finding it anywhere can only mean it leaked from this test. */
    private static final String VALUE = "pb-secret-" + UUID.randomUUID();

    private static final LocalHttpStub STUB = new LocalHttpStub()
            .on("/secure", LocalHttpStub.Answer.json(200, "{\"ok\": true}"));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
        TestSecrets.register(registry, "# test secrets\napi_token=" + VALUE + "\n");
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Test
    void secretReachesTheTaskButNoTableAndNoLogLine(CapturedOutput output) throws Exception {
        RunSummary run = operations.start(Path.of("src/test/resources/playbooks/secrets.yaml"),
                Map.of("base_url", STUB.baseUrl()));

        assertThat(run.status()).as(run.steps().toString()).isEqualTo("COMPLETED");
        assertThat(STUB.lastHeader("/secure", "Authorization")).isEqualTo("Bearer " + VALUE);
        assertThat(STUB.lastHeader("/secure", "X-Api-Key")).isEqualTo(VALUE);
        // The log task wrote its line, with the reference in place of the value.
        assertThat(output.getAll()).contains("calling the API with token ${secret:api_token}");
        assertThat(output.getAll()).doesNotContain(VALUE);

        assertThat(tablesHolding(VALUE)).as("tables holding the secret's value").isEmpty();
        // What is stored instead: the references, so an operator can see which secret a task used.
        String queued = jdbc.queryForObject("SELECT string_agg(task::text, ' ') FROM queue WHERE execution_id = ?",
                String.class, run.executionId());
        assertThat(queued).contains("Bearer ${secret:api_token}").contains("{\"$secret\": \"api_token\"}");
    }

    @Test
    void unknownSecretFailsTheStepNamingTheSecretAndTheVariableToSet() throws Exception {
        RunSummary run = operations.start(Path.of("src/test/resources/playbooks/secret-missing.yaml"), Map.of());

        assertThat(run.status()).isEqualTo("FAILED");
        StoredEvent failed = ledger.events(run.executionId()).stream()
                .filter(e -> e.type() == EventType.STEP_FAILED).findFirst().orElseThrow();
        assertThat(failed.error()).isInstanceOfSatisfying(Map.class, error -> {
            assertThat(error.get("type")).isEqualTo("secret_missing");
            assertThat(String.valueOf(error.get("message"))).contains("'never_configured'")
                    .contains("PLAYBATCH_SECRET_NEVER_CONFIGURED");
        });
    }
}
