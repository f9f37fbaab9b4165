package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.DatabaseRunTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The main job of the README runs end to end on real PostgreSQL, and its history accumulates. */
@SpringBootTest
class HelloPlaybookTest extends DatabaseRunTest {

    private static final Path HELLO = Path.of("../job-configs/examples/hello.yaml");

    @Test
    void snapshotsRebuiltFromEventsMatchAndTamperingIsReported() throws Exception {
        RunSummary run = operations.start(HELLO, Map.of());
        assertThat(verifier.verify(run.executionId())).isEmpty();

        jdbc.update("UPDATE workflow SET status = 'failed' WHERE execution_id = ? AND step_name = 'greet'",
                run.executionId());
        assertThat(verifier.verify(run.executionId()))
                .containsExactly("workflow greet: status is failed but the events say completed");
        // verify never changes anything
        assertThat(jdbc.queryForObject("SELECT status FROM workflow WHERE execution_id = ? AND step_name = 'greet'",
                String.class, run.executionId())).isEqualTo("failed");
    }

    @Test
    void helloCompletesTwiceAsTwoRunsWithLedgerAndSpringBatchAgreeing() throws Exception {
        RunSummary first = operations.start(HELLO, Map.of());
        RunSummary second = operations.start(HELLO, Map.of());

        assertThat(first.status()).isEqualTo("COMPLETED");
        assertThat(second.status()).isEqualTo("COMPLETED");
        assertThat(second.executionId()).isGreaterThan(first.executionId());
        assertThat(second.runId()).isGreaterThan(first.runId());
        assertThat(first.steps()).isNotEmpty().allSatisfy(step -> assertThat(step.status()).isEqualTo("completed"));
        assertThat(operations.list(null, 10, 0)).extracting(e -> e.executionId())
                .containsSubsequence(second.executionId(), first.executionId());

        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                String.class, first.executionId())).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ?"
                + " AND status = 'COMPLETED'", Integer.class, first.executionId())).isEqualTo(first.steps().size());
    }

    @Test
    void everyEventOfARunHangsOffExecutionStartedInOneTree() throws Exception {
        RunSummary run = operations.start(HELLO, Map.of());
        List<StoredEvent> events = ledger.events(run.executionId());

        assertThat(events).extracting(StoredEvent::type)
                .contains(EventType.EXECUTION_STARTED, EventType.STEP_STARTED, EventType.STEP_COMPLETED,
                        EventType.EXECUTION_COMPLETE);
        assertThat(events.stream().filter(e -> e.type() == EventType.EXECUTION_COMPLETE)).hasSize(1)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo("COMPLETED"));
        Set<Long> ids = events.stream().map(StoredEvent::eventId).collect(Collectors.toSet());
        List<StoredEvent> roots = events.stream().filter(e -> e.parentEventId() == null).toList();
        assertThat(roots).extracting(StoredEvent::type).containsExactly(EventType.EXECUTION_STARTED);
        assertThat(events).filteredOn(e -> e.parentEventId() != null)
                .allSatisfy(e -> assertThat(ids).contains(e.parentEventId()));
        assertThat(events.stream().filter(e -> e.type() == EventType.STEP_STARTED).map(StoredEvent::nodeName))
                .containsExactlyInAnyOrderElementsOf(run.steps().stream().map(RunSummary.StepLine::name).toList());
    }
}
