package io.playbatch.report;

import io.playbatch.json.JsonCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The read-only SQL of execution reports: steps (workflow snapshot joined with Spring Batch's
 * {@code BATCH_STEP_EXECUTION}), loop partitions, timeline spans (aggregated from events in one
 * pass) and rendered tasks ({@code queue}). Every query is bounded by one execution id and served by
 * the per-execution indexes, so its cost does not grow with the number of executions. Never writes.
 */
@Repository
class StepReportRepository {

    private static final Pattern RANGE = Pattern.compile("range-([0-9]+)-([0-9]+)$");

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonCodec json;

    StepReportRepository(NamedParameterJdbcTemplate jdbc, JsonCodec json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Spring Batch's exit code and message of the job execution, when it has a row. */
    Optional<String[]> exitStatus(long executionId) {
        return jdbc.query("SELECT exit_code, exit_message FROM batch_job_execution WHERE job_execution_id = :id",
                Map.of("id", executionId), (rs, i) -> new String[] {rs.getString(1), rs.getString(2)})
                .stream().findFirst();
    }

    /** The workflow steps in playbook order (from {@code execution_started.context.workflow}). */
    List<StepReport> steps(long executionId) {
        return jdbc.query("""
                WITH started AS (
                    SELECT context FROM event WHERE execution_id = :id AND event_type = 'execution_started'
                    ORDER BY event_id LIMIT 1)
                SELECT a.step->>'name' AS name, a.step->'definition'->>'kind' AS kind,
                       a.step->'definition'->>'type' AS type, COALESCE(w.status, 'pending') AS status,
                       w.started_at, w.ended_at, last.duration_ms AS event_duration_ms,
                       b.read_count, b.write_count, b.read_skip_count + b.process_skip_count + b.write_skip_count AS skip_count,
                       b.commit_count, b.rollback_count, b.filter_count, b.exit_code, b.exit_message,
                       CASE WHEN w.status = 'failed' THEN last.error::text END AS error,
                       CASE WHEN w.status = 'reused' THEN last.context->>'from_execution_id' END AS reused_from
                FROM started
                CROSS JOIN jsonb_array_elements(started.context->'workflow') WITH ORDINALITY AS a(step, ord)
                LEFT JOIN workflow w ON w.execution_id = :id AND w.step_name = a.step->>'name'
                LEFT JOIN batch_step_execution b ON b.job_execution_id = :id AND b.step_name = a.step->>'name'
                LEFT JOIN event last ON last.event_id = w.last_event_id
                ORDER BY a.ord
                """, Map.of("id", executionId), (rs, i) -> {
            Instant started = instant(rs, "started_at");
            Instant ended = instant(rs, "ended_at");
            Long duration = started != null && ended != null ? Long.valueOf(Duration.between(started, ended).toMillis())
                    : (Long) rs.getObject("event_duration_ms");
            String reusedFrom = rs.getString("reused_from");
            return new StepReport(rs.getString("name"), rs.getString("kind"), rs.getString("type"),
                    rs.getString("status"), started, ended, duration, (Long) rs.getObject("read_count"),
                    (Long) rs.getObject("write_count"), (Long) rs.getObject("skip_count"),
                    (Long) rs.getObject("commit_count"), (Long) rs.getObject("rollback_count"),
                    rs.getString("exit_code"), rs.getString("exit_message"), json.read(rs.getString("error")),
                    reusedFrom == null ? null : Long.valueOf(reusedFrom), (Long) rs.getObject("filter_count"));
        });
    }

    /**
     * The loop steps (not agent loops) of the execution that are running, with their iteration counts: the loop's
     * {@code loop_started} is found through its {@code step_started} (the {@code workflow} row's
     * last event while it runs), the counts from the loop's queue rows of this execution.
     */
    List<RunProgress.LoopProgress> runningLoops(long executionId) {
        return jdbc.query("""
                SELECT w.step_name, (ls.context->>'items')::int AS items,
                       COALESCE((ls.context->>'carried_over')::int, 0) AS carried_over,
                       count(q.queue_id) FILTER (WHERE q.status = 'done') AS done,
                       count(q.queue_id) FILTER (WHERE q.status = 'dead') AS failed,
                       count(q.queue_id) FILTER (WHERE q.status = 'leased') AS running,
                       count(q.queue_id) FILTER (WHERE q.status = 'queued') AS waiting
                FROM workflow w
                JOIN event ls ON ls.parent_event_id = w.last_event_id AND ls.event_type = 'loop_started'
                              AND ls.node_type = 'loop'
                LEFT JOIN queue q ON q.execution_id = w.execution_id AND q.node_name = w.step_name
                                 AND q.current_index IS NOT NULL
                WHERE w.execution_id = :id AND w.status = 'started'
                GROUP BY w.step_name, ls.context->>'items', ls.context->>'carried_over'
                ORDER BY w.step_name
                """, Map.of("id", executionId), (rs, i) -> new RunProgress.LoopProgress(rs.getString("step_name"),
                rs.getInt("items"), rs.getInt("carried_over"), rs.getLong("done"), rs.getLong("failed"),
                rs.getLong("running"), rs.getLong("waiting")));
    }

    /** The partitions Spring Batch ran in this execution, of one loop step or (step null) of all. */
    List<PartitionReport> partitions(long executionId, String step) {
        return jdbc.query("""
                SELECT split_part(step_name, ':partition:', 1) AS step, split_part(step_name, ':partition:', 2) AS name,
                       status, read_count, write_count, read_skip_count + process_skip_count + write_skip_count AS skip_count,
                       start_time, end_time, exit_code, exit_message
                FROM batch_step_execution
                WHERE job_execution_id = :id AND step_name LIKE '%:partition:%'
                  AND (CAST(:step AS varchar) IS NULL OR split_part(step_name, ':partition:', 1) = :step)
                ORDER BY step_execution_id
                """, new MapSqlParameterSource().addValue("id", executionId).addValue("step", step), (rs, i) -> {
            String name = rs.getString("name");
            Matcher range = RANGE.matcher(name);
            boolean ranged = range.find();
            Instant started = instant(rs, "start_time");
            Instant ended = instant(rs, "end_time");
            return new PartitionReport(rs.getString("step"), name,
                    ranged ? Integer.valueOf(range.group(1)) : null, ranged ? Integer.valueOf(range.group(2)) : null,
                    rs.getString("status"), (Long) rs.getObject("read_count"), (Long) rs.getObject("write_count"),
                    (Long) rs.getObject("skip_count"), started, ended,
                    started != null && ended != null ? Duration.between(started, ended).toMillis() : null,
                    rs.getString("exit_code"), rs.getString("exit_message"));
        });
    }

    /** Step spans from step events, in start order. */
    List<TimelineSpan> stepSpans(long executionId) {
        return jdbc.query("""
                SELECT node_name,
                       min(created_at) FILTER (WHERE event_type IN ('step_started', 'step_reused')) AS start_at,
                       max(created_at) FILTER (WHERE event_type IN ('step_completed', 'step_failed', 'step_reused')) AS end_at,
                       CASE WHEN bool_or(event_type = 'step_failed') THEN 'failed'
                            WHEN bool_or(event_type = 'step_completed') THEN 'completed'
                            WHEN bool_or(event_type = 'step_reused') THEN 'reused'
                            ELSE 'started' END AS status
                FROM event
                WHERE execution_id = :id AND event_type IN ('step_started', 'step_reused', 'step_completed', 'step_failed')
                GROUP BY node_name
                ORDER BY start_at, node_name
                """, Map.of("id", executionId), (rs, i) -> span("step", rs.getString("node_name"),
                rs.getString("node_name"), rs.getString("status"), instant(rs, "start_at"), instant(rs, "end_at")));
    }

    /**
     * Partition spans: each partition's iteration events (one pass over the execution's loop
     * events, joined to the partitions by index range), Spring Batch's times when it has none.
     */
    List<TimelineSpan> partitionSpans(long executionId) {
        return jdbc.query("""
                WITH p AS (
                    SELECT step_execution_id, split_part(step_name, ':partition:', 1) AS step,
                           split_part(step_name, ':partition:', 2) AS name, status, start_time, end_time,
                           CAST((regexp_match(step_name, 'range-([0-9]+)-([0-9]+)$'))[1] AS int) AS lo,
                           CAST((regexp_match(step_name, 'range-([0-9]+)-([0-9]+)$'))[2] AS int) AS hi
                    FROM batch_step_execution
                    WHERE job_execution_id = :id AND step_name LIKE '%:partition:%')
                SELECT p.step, p.name, p.status,
                       COALESCE(min(e.created_at) FILTER (WHERE e.event_type = 'loop_iteration'), p.start_time) AS start_at,
                       CASE WHEN p.end_time IS NULL THEN NULL ELSE COALESCE(max(e.created_at) FILTER (
                           WHERE e.event_type <> 'loop_iteration'), p.end_time) END AS end_at
                FROM p
                LEFT JOIN event e ON e.execution_id = :id AND e.node_name = p.step AND e.current_index BETWEEN p.lo AND p.hi
                     AND e.event_type IN ('loop_iteration', 'loop_iteration_failed', 'task_completed', 'task_failed',
                                          'lease_expired')
                GROUP BY p.step_execution_id, p.step, p.name, p.status, p.start_time, p.end_time
                ORDER BY p.step, p.step_execution_id
                """, Map.of("id", executionId), (rs, i) -> span("partition", rs.getString("step"), rs.getString("name"),
                rs.getString("status"), instant(rs, "start_at"), instant(rs, "end_at")));
    }

    /**
     * Rendered tasks of an execution from {@code queue}: of one step (step not null; a loop's
     * iterations in index order, paged), or of every plain step (step null: one row each, no loop
     * iterations, no paging needed).
     */
    List<StepTask> tasks(long executionId, String step, int limit, int offset) {
        String where = step == null ? "current_index IS NULL" : "node_name = :step";
        return jdbc.query("""
                SELECT queue_id, node_name, node_id, current_index, status, attempts, max_attempts, task::text AS task,
                       result::text AS result, error::text AS error, lease_owner, created_at, updated_at
                FROM queue WHERE execution_id = :id""" + " AND " + where
                + " ORDER BY current_index NULLS FIRST, queue_id LIMIT :limit OFFSET :offset", new MapSqlParameterSource().addValue("id", executionId).addValue("step", step)
                .addValue("limit", limit).addValue("offset", offset), (rs, i) -> new StepTask(rs.getLong("queue_id"),
                rs.getString("node_name"), rs.getString("node_id"), (Integer) rs.getObject("current_index"),
                rs.getString("status"), rs.getInt("attempts"), rs.getInt("max_attempts"), json.read(rs.getString("task")),
                json.read(rs.getString("result")), json.read(rs.getString("error")), rs.getString("lease_owner"),
                instant(rs, "created_at"), instant(rs, "updated_at")));
    }

    private static TimelineSpan span(String kind, String step, String name, String status, Instant start, Instant end) {
        return new TimelineSpan(kind, step, name, status, start, end,
                start != null && end != null ? Duration.between(start, end).toMillis() : null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
