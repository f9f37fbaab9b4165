package io.playbatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.operate.RunHandle;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A stop reaches an agent loop as any step: a model turn still waiting in the queue (no worker here
 * to lease it) is withdrawn, never sent to the model, and the step and the execution end STOPPED.
 */
@SpringBootTest(properties = {"playbatch.worker.enabled=false", "playbatch.queue.poll-interval=50ms",
        "playbatch.manager.heartbeat=200ms"})
class AgentTurnStopTest extends PlaybookRunTest {

    private static final TestDatabase DATABASE = TestDatabases.create();
    private static final Path LOOP = Path.of("src/test/resources/playbooks/mcp/agent-limit-complete.yaml");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @Test
    void aStopWhileAModelTurnWaitsInTheQueueWithdrawsTheTurn() throws Exception {
        RunHandle run = operations.submit(LOOP, Map.of("llm_url", "http://127.0.0.1:9/v1"), "cli", null);
        long id = run.executionId();
        Deadline.await(Duration.ofSeconds(60), "the first model turn to wait in the queue", () -> jdbc.queryForObject(
                "SELECT count(*) FROM queue WHERE execution_id = ? AND node_name = 'looping' AND status = 'queued'",
                Integer.class, id) == 1);

        operations.stop(id);

        Deadline.await(Duration.ofSeconds(30), "the execution to end STOPPED",
                () -> "STOPPED".equals(operations.execution(id).status()));
        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                String.class, id)).as("Spring Batch agrees").isEqualTo("STOPPED");
        assertThat(jdbc.queryForList("SELECT status || ' ' || (error->>'type') FROM queue WHERE execution_id = ?",
                String.class, id)).as("the turn withdrawn, never leased").containsExactly("dead stopped");
        List<StoredEvent> events = ledger.events(id);
        assertThat(events).filteredOn(e -> e.type() == EventType.LOOP_COMPLETED).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo("stopped"));
        assertThat(events).filteredOn(e -> e.type() == EventType.STEP_FAILED).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo("stopped"));
        assertThat(events).filteredOn(e -> e.type() == EventType.EXECUTION_COMPLETE).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo("STOPPED"));
        assertThat(verifier.verify(id)).isEmpty();
    }
}
