package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.DatabaseRunTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Failures, decisions and render errors: the ledger and Spring Batch tell the same story. */
@SpringBootTest
class RunOutcomesTest extends DatabaseRunTest {

    private static Path playbook(String name) {
        return Path.of("src/test/resources/playbooks", name);
    }

    @Test
    void failingTaskFailsStepAndRunWithTheDatabaseErrorAndLaterStepsNeverStart() throws Exception {
        RunSummary run = operations.start(playbook("failing-sql.yaml"), Map.of());

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(stepStatus(run, "broken")).isEqualTo("failed");
        assertThat(stepStatus(run, "never")).isEqualTo("pending");
        assertThat(run.steps()).filteredOn(s -> s.name().equals("broken")).singleElement()
                .satisfies(s -> assertThat(s.message()).contains("no_such_table"));
        assertThat(batchStatus(run.executionId())).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT status FROM batch_step_execution WHERE job_execution_id = ?"
                + " AND step_name = 'broken'", String.class, run.executionId())).isEqualTo("FAILED");
        StoredEvent complete = only(run.executionId(), EventType.EXECUTION_COMPLETE);
        assertThat(complete.status()).isEqualTo("FAILED");
        assertThat(String.valueOf(complete.error())).contains("broken").contains("no_such_table");
        assertThat(only(run.executionId(), EventType.STEP_FAILED).error()).isInstanceOf(Map.class)
                .satisfies(e -> assertThat(((Map<?, ?>) e).get("type")).isEqualTo("sql_error"));
        assertThat(verifier.verify(run.executionId())).isEmpty();
    }

    @Test
    void elseBranchIsTakenForSmallWorkloadAndTheOtherBranchIsSkipped() throws Exception {
        RunSummary run = operations.start(playbook("choice.yaml"), Map.of());

        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(stepStatus(run, "small")).isEqualTo("completed");
        assertThat(stepStatus(run, "big")).isEqualTo("skipped");
        assertThat(run.result()).isEqualTo(5);
        assertThat(jdbc.queryForList("SELECT to_step FROM transition WHERE execution_id = ?", String.class,
                run.executionId())).containsExactly("small");
        assertThat(verifier.verify(run.executionId())).isEmpty();
    }

    @Test
    void whenBranchIsTakenForLargeWorkload() throws Exception {
        RunSummary run = operations.start(playbook("choice.yaml"), Map.of("rows", 50));

        assertThat(stepStatus(run, "big")).isEqualTo("completed");
        assertThat(stepStatus(run, "small")).isEqualTo("skipped");
        assertThat(run.result()).isEqualTo(50);
        assertThat(jdbc.queryForObject("SELECT condition FROM transition WHERE execution_id = ? AND to_step = 'big'",
                String.class, run.executionId())).isEqualTo("$workload.rows > 10");
    }

    @Test
    void onFailureRunsTheHandlerWithTheFailedEnvelopeThenFailsTheRun() throws Exception {
        RunSummary run = operations.start(playbook("on-failure.yaml"), Map.of());

        assertThat(stepStatus(run, "load")).isEqualTo("failed");
        assertThat(stepStatus(run, "alert")).isEqualTo("completed");
        assertThat(stepStatus(run, "end")).isEqualTo("pending");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM transition WHERE execution_id = ? AND from_step = 'load'"
                + " AND to_step = 'alert'", Integer.class, run.executionId())).isOne();
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(batchStatus(run.executionId())).isEqualTo("FAILED");
    }

    @Test
    void undefinedTemplateReferenceFailsTheStepNamingPlaybookStepFieldAndReference() throws Exception {
        RunSummary run = operations.start(playbook("undefined-reference.yaml"), Map.of());

        assertThat(run.status()).isEqualTo("FAILED");
        String message = run.steps().stream().filter(s -> s.name().equals("greet")).findFirst().orElseThrow().message();
        assertThat(message).contains("tests/undefined_reference").contains("step greet").contains("args.message")
                .contains("nobody");
    }

    @Test
    void subPlaybookRunsAsAChildExecutionWhoseOutputIsTheStepData() throws Exception {
        RunSummary run = operations.start(Path.of("../job-configs/examples/sub_playbook.yaml"), Map.of());

        assertThat(run.status()).isEqualTo("COMPLETED");
        long childEvent = only(run.executionId(), EventType.CHILD_EXECUTION_STARTED).eventId();
        Map<String, Object> child = jdbc.queryForMap("SELECT execution_id, playbook_path, status, parent_event_id"
                + " FROM execution WHERE parent_execution_id = ?", run.executionId());
        assertThat(child).containsEntry("playbook_path", "examples/child_report").containsEntry("status", "COMPLETED")
                .containsEntry("parent_event_id", childEvent);
        long childId = ((Number) child.get("execution_id")).longValue();
        assertThat(only(childId, EventType.EXECUTION_STARTED).parentEventId()).isEqualTo(childEvent);
        assertThat(String.valueOf(run.result())).contains("2026-11-24").contains("examples/sub_playbook");
        assertThat(verifier.verify(childId)).isEmpty();
    }

    @Test
    void loopOfPlaybooksRunsOneChildPerItemUnderTheParentAndARestartReusesEveryCompletedChild() throws Exception {
        jdbc.execute("CREATE TABLE IF NOT EXISTS loop_gate (day text)");
        jdbc.update("INSERT INTO loop_gate VALUES ('2026-03-01'), ('2026-03-03')");
        RunSummary first = operations.start(playbook("loop-of-playbooks.yaml"), Map.of());

        assertThat(first.status()).as("steps: %s", first.steps()).isEqualTo("FAILED");
        assertThat(childrenByStatus(first.executionId())).containsEntry("COMPLETED", 2L).containsEntry("FAILED", 1L)
                .hasSize(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event c JOIN event i ON i.event_id = c.parent_event_id"
                + " WHERE c.execution_id = ? AND c.event_type = 'child_execution_started'"
                + " AND i.event_type = 'loop_iteration'", Long.class, first.executionId()))
                .as("each child's child_execution_started hangs under its item's loop_iteration").isEqualTo(3);

        jdbc.update("INSERT INTO loop_gate VALUES ('2026-03-02')");
        RunSummary second = operations.restart(first.executionId());

        assertThat(second.status()).as("steps: %s", second.steps()).isEqualTo("COMPLETED");
        assertThat(childrenByStatus(second.executionId())).as("only the failed item's child runs again")
                .containsExactly(Map.entry("COMPLETED", 1L));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM execution WHERE status = 'COMPLETED'"
                + " AND parent_execution_id IN (?, ?)", Long.class, first.executionId(), second.executionId()))
                .as("one completed child per item").isEqualTo(3);
        assertThat(String.valueOf(second.result())).contains("2026-03-01").contains("2026-03-02")
                .contains("2026-03-03");
        assertThat(verifier.verify(second.executionId())).isEmpty();
    }

    private Map<String, Long> childrenByStatus(long parentExecutionId) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("SELECT status, count(*) FROM execution WHERE parent_execution_id = ? GROUP BY status",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, parentExecutionId);
        return counts;
    }

    @Test
    void failingChildFailsTheStepWithTheChildsErrorAndExecutionId() throws Exception {
        RunSummary run = operations.start(playbook("parent-of-failing.yaml"), Map.of());

        assertThat(run.status()).isEqualTo("FAILED");
        long childId = jdbc.queryForObject("SELECT execution_id FROM execution WHERE parent_execution_id = ?",
                Long.class, run.executionId());
        assertThat(run.steps()).filteredOn(s -> s.name().equals("delegate")).singleElement()
                .satisfies(s -> assertThat(s.message()).contains("child execution " + childId)
                        .contains("tests/failing_sql").contains("ended FAILED").contains("no_such_table"));
    }

    @Test
    void missingChildPlaybookFailsTheStepSayingWhereItLooked() throws Exception {
        RunSummary run = operations.start(playbook("parent-of-missing.yaml"), Map.of());

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.steps()).filteredOn(s -> s.name().equals("delegate")).singleElement()
                .satisfies(s -> assertThat(s.message()).contains("no playbook no-such-child")
                        .contains("no-such-child.yaml").contains("playbatch.catalog.root"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM execution WHERE parent_execution_id = ?", Integer.class,
                run.executionId())).isZero();
    }

    private String batchStatus(long executionId) {
        return jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class,
                executionId);
    }

    private StoredEvent only(long executionId, EventType type) {
        List<StoredEvent> events = ledger.events(executionId).stream().filter(e -> e.type() == type).toList();
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static String stepStatus(RunSummary run, String step) {
        return run.steps().stream().filter(s -> s.name().equals(step)).findFirst().orElseThrow().status();
    }
}
