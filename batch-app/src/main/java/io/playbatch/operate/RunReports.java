package io.playbatch.operate;

import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.ExecutionRepository;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Builds operator reports (run summaries) from the ledger's snapshots. Read-only. */
@Component
public class RunReports {

    private final NamedParameterJdbcTemplate jdbc;
    private final ExecutionRepository executions;

    public RunReports(NamedParameterJdbcTemplate jdbc, ExecutionRepository executions) {
        this.jdbc = jdbc;
        this.executions = executions;
    }

    public RunSummary summary(long executionId) {
        ExecutionRecord execution = executions.find(executionId)
                .orElseThrow(() -> new NoSuchExecutionException(executionId));
        List<RunSummary.StepLine> steps = jdbc.query("""
                SELECT w.step_name, w.status,
                       COALESCE(last.duration_ms,
                                (EXTRACT(EPOCH FROM (w.ended_at - w.started_at)) * 1000)::bigint) AS duration_ms,
                       CASE WHEN w.status = 'failed' THEN last.error->>'message' END AS message,
                       b.read_count, b.write_count, b.read_skip_count + b.process_skip_count + b.write_skip_count AS skip_count
                FROM workflow w
                LEFT JOIN batch_step_execution b ON b.job_execution_id = w.execution_id AND b.step_name = w.step_name
                LEFT JOIN event last ON last.event_id = w.last_event_id
                JOIN event s ON s.execution_id = w.execution_id AND s.event_type = 'execution_started'
                WHERE w.execution_id = :executionId
                ORDER BY (SELECT ord FROM jsonb_array_elements(s.context->'workflow') WITH ORDINALITY AS a(step, ord)
                          WHERE a.step->>'name' = w.step_name)
                """, Map.of("executionId", executionId), (rs, i) -> new RunSummary.StepLine(
                rs.getString("step_name"), rs.getString("status"), (Long) rs.getObject("duration_ms"),
                rs.getString("message"), (Long) rs.getObject("read_count"), (Long) rs.getObject("write_count"),
                (Long) rs.getObject("skip_count")));
        return new RunSummary(execution.executionId(), execution.runId(), execution.playbookPath(), execution.status(),
                execution.result(), execution.error(), steps);
    }
}
