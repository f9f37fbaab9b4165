package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.LocalHttpStub.Answer;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.DatabaseRunTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Task types end to end through the queue and workers, on real PostgreSQL and a local HTTP server. */
@SpringBootTest
class TaskTypesRunTest extends DatabaseRunTest {

    private static final LocalHttpStub STUB = new LocalHttpStub();

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    private static Path playbook(String name) {
        return Path.of("src/test/resources/playbooks", name);
    }

    @Test
    void http500IsRetriedAndSucceedsOnTheThirdAttempt() throws Exception {
        STUB.on("/flaky", new Answer(500, "text/plain", "overloaded"), new Answer(500, "text/plain", "overloaded"),
                Answer.json(200, "{\"ok\": true}"));

        RunSummary run = operations.start(playbook("http-retry.yaml"), Map.of("base_url", STUB.baseUrl()));

        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(STUB.calls("/flaky")).isEqualTo(3);
        assertThat(run.result()).isEqualTo(Map.of("ok", true));
        assertThat(jdbc.queryForList("SELECT error->>'type' FROM event WHERE execution_id = ? AND event_type = 'task_failed'"
                + " ORDER BY event_id", String.class, run.executionId())).containsExactly("http_status", "http_status");
        assertThat(jdbc.queryForObject("SELECT attempts FROM queue WHERE execution_id = ? AND node_id = 'fetch'",
                Integer.class, run.executionId())).isEqualTo(3);
    }

    @Test
    void sqlParameterIsBoundNotSplicedSoItIsStoredVerbatim() throws Exception {
        RunSummary run = operations.start(playbook("sql-injection.yaml"), Map.of());

        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForList("SELECT body FROM notes", String.class)).containsExactly("'; drop table x; --");
        assertThat(jdbc.queryForObject("SELECT to_regclass('x') IS NOT NULL", Boolean.class)).isTrue();
    }

    @Test
    void pythonResultKeepsItsTypesInTheNextStepsTemplates() throws Exception {
        RunSummary run = operations.start(playbook("python-typed.yaml"), Map.of());

        assertThat(run.status()).as(String.valueOf(run.steps())).isEqualTo("COMPLETED");
        assertThat(run.result()).isEqualTo(List.of(Map.of("next", 4, "n_type", "integer", "ok", true)));
    }
}
