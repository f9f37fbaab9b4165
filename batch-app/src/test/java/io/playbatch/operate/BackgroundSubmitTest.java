package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.DatabaseRunTest;
import io.playbatch.testsupport.ThreeCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Background starts and restarts: the ids come back once the execution is recorded, the run goes on alone. */
@SpringBootTest
class BackgroundSubmitTest extends DatabaseRunTest {

    private final LocalHttpStub stub = ThreeCalls.failingAtThree();

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void submitReturnsRecordedIdsAndRecordsWhoAsked() throws Exception {
        RunHandle handle = operations.submit(ThreeCalls.PLAYBOOK, Map.of("base_url", stub.baseUrl()), "api",
                Map.of("client", "test"));

        // Readable at once: the execution row and execution_started are committed before submit returns.
        assertThat(operations.execution(handle.executionId()).runId()).isEqualTo(handle.runId());
        StoredEvent started = ledger.events(handle.executionId()).get(0);
        assertThat(started.type()).isEqualTo(EventType.EXECUTION_STARTED);
        assertThat(started.context()).containsEntry("via", "api").containsEntry("client", "test");

        awaitStatus(handle.executionId(), "FAILED");
        ThreeCalls.repair(stub);
        RunHandle restarted = operations.submitRestart(handle.executionId(), "web");

        assertThat(restarted.runId()).isEqualTo(handle.runId());
        assertThat(operations.execution(restarted.executionId()).restartOf()).isEqualTo(handle.executionId());
        assertThat(ledger.events(restarted.executionId()).get(0).context()).containsEntry("via", "web");
        awaitStatus(restarted.executionId(), "COMPLETED");
        assertThat(stub.calls("/one")).isOne();
        assertThat(stub.calls("/three")).isEqualTo(2);
    }

    @Test
    void submitOfAnInvalidPlaybookStartsNothing() {
        long before = jdbc.queryForObject("SELECT count(*) FROM execution", Long.class);
        assertThatThrownBy(() -> operations.submit(Path.of("../job-configs/invalid/PB005-unknown-key.yaml"),
                Map.of(), "api", null)).isInstanceOf(PlaybookInvalidException.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM execution", Long.class)).isEqualTo(before);
    }

    @Test
    void submitThatFailsAfterItsExecutionRowLeavesNoTrace() throws Exception {
        long executions = jdbc.queryForObject("SELECT count(*) FROM execution", Long.class);
        long jobs = jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class);

        // PostgreSQL cannot store a NUL in jsonb: the execution row is written, execution_started is refused.
        assertThatThrownBy(() -> operations.submit(ThreeCalls.PLAYBOOK, Map.of("base_url", stub.baseUrl()), "api",
                Map.of("client", "nul\u0000"))).isInstanceOf(Exception.class);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM execution", Long.class)).isEqualTo(executions);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class)).isEqualTo(jobs);
    }

    private void awaitStatus(long executionId, String status) {
        Deadline.await(Duration.ofSeconds(30), "execution " + executionId + " to end " + status,
                () -> status.equals(operations.execution(executionId).status()));
    }
}
