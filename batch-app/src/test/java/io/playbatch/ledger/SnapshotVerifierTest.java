package io.playbatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.testsupport.QueueKit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code verify} replays an execution's events in pages: the snapshot changes of events past the
 * first page (a step that ran after a big loop) are rebuilt, so agreeing snapshots show no
 * difference and a tampered one is reported.
 */
class SnapshotVerifierTest {

    private QueueKit kit;
    private SnapshotVerifier verifier;
    private long executionId;

    @BeforeEach
    void setUp() {
        kit = QueueKit.create();
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(kit.dataSource);
        verifier = new SnapshotVerifier(named, new TransactionTemplate(new JdbcTransactionManager(kit.dataSource)),
                kit.ledger, new SnapshotProjector(named, kit.json));
        executionId = kit.execution();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    @Test
    void eventsBeyondTheFirstReplayPageAreReplayed() {
        long started = kit.ledger.append(NewEvent.of(executionId, EventType.EXECUTION_STARTED)
                .context(Map.of("workload", Map.of(), "workbook", Map.of(),
                        "workflow", List.of(Map.of("name", "after", "definition", Map.of()))))
                .build()).eventId();
        kit.ledger.appendAll(IntStream.range(0, 6_000).mapToObj(i -> NewEvent.of(executionId,
                EventType.TASK_COMPLETED).node("big", "task").nodeId("big[" + i + "]").index(i).parent(started)
                .status("done").build()).toList());
        long after = kit.ledger.append(NewEvent.of(executionId, EventType.STEP_STARTED).node("after", "noop")
                .parent(started).build()).eventId();
        kit.ledger.append(NewEvent.of(executionId, EventType.STEP_COMPLETED).node("after", "noop").parent(after)
                .status("completed").build());

        assertThat(verifier.verify(executionId)).isEmpty();

        kit.jdbc.update("UPDATE workflow SET status = 'failed' WHERE execution_id = ? AND step_name = 'after'",
                executionId);
        assertThat(verifier.verify(executionId)).containsExactly(
                "workflow after: status is failed but the events say completed");
    }
}
