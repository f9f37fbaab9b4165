package io.playbatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestExecutions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The database itself rejects the duplicates docs/database.md forbids; code never has to check first. */
class LedgerConstraintsTest {

    private static JdbcTemplate jdbc;
    private static long executionId;

    @BeforeAll
    static void schema() {
        jdbc = new JdbcTemplate(TestDatabases.create().dataSource());
        executionId = TestExecutions.insert(jdbc, "test");
    }

    @Test
    void thePartialUniqueIndexesAndTheQueueConstraintExist() {
        List<String> indexes = jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()",
                String.class);
        assertThat(indexes).contains("event_step_started_uq", "event_loop_iteration_uq", "event_execution_complete_uq",
                "queue_execution_node_uq", "queue_ready_idx");
        assertThat(jdbc.queryForObject("SELECT indexdef FROM pg_indexes WHERE indexname = 'event_step_started_uq'",
                String.class)).contains("UNIQUE").contains("WHERE").contains("step_started");
    }

    @Test
    void secondStepStartedForTheSameNodeIsRejected() {
        insertEvent("step_started", "fetch", null);
        assertThatThrownBy(() -> insertEvent("step_started", "fetch", null)).isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("event_step_started_uq");
        // Other event types for the same node are not constrained.
        insertEvent("step_completed", "fetch", null);
        insertEvent("step_completed", "fetch", null);
    }

    @Test
    void secondLoopIterationForTheSameIndexIsRejected() {
        insertEvent("loop_iteration", "cities", 0);
        insertEvent("loop_iteration", "cities", 1);
        assertThatThrownBy(() -> insertEvent("loop_iteration", "cities", 1)).isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("event_loop_iteration_uq");
    }

    @Test
    void secondExecutionCompleteIsRejected() {
        long execution = TestExecutions.insert(jdbc, "test");
        jdbc.update("INSERT INTO event (execution_id, event_type, status) VALUES (?, 'execution_complete', 'COMPLETED')",
                execution);
        assertThatThrownBy(() -> jdbc.update(
                "INSERT INTO event (execution_id, event_type, status) VALUES (?, 'execution_complete', 'FAILED')",
                execution)).isInstanceOf(DuplicateKeyException.class).hasMessageContaining("event_execution_complete_uq");
    }

    @Test
    void secondQueueRowForTheSameNodeIsRejected() {
        insertQueue("summarize");
        assertThatThrownBy(() -> insertQueue("summarize")).isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("queue_execution_node_uq");
    }

    @Test
    void unknownEventTypeAndMalformedNodeIdAreRejected() {
        assertThatThrownBy(() -> insertEvent("step_exploded", "fetch", null))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("event_type_ck");
        assertThatThrownBy(() -> insertQueue("city loop[1]"))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("queue_node_id_ck");
        insertQueue("city_loop[12].tool[3]");
        insertQueue("resource:runbook");
    }

    private void insertEvent(String type, String node, Integer index) {
        jdbc.update("INSERT INTO event (execution_id, event_type, node_id, node_name, current_index) VALUES (?, ?, ?, ?, ?)",
                executionId, type, node, node, index);
    }

    private void insertQueue(String nodeId) {
        jdbc.update("INSERT INTO queue (execution_id, node_id, node_name, task) VALUES (?, ?, 'n', '{}'::jsonb)",
                executionId, nodeId);
    }
}
