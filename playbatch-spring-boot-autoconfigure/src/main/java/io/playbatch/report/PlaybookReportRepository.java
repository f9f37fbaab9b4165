package io.playbatch.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The read-only SQL of playbook reports: known playbooks, their recorded revisions and step
 * duration statistics. Per-playbook queries walk {@code execution_playbook_idx} and the
 * per-execution index of {@code BATCH_STEP_EXECUTION}, and statistics are bounded to a window of
 * recent executions, so they stay fast with many executions. Never writes.
 */
@Repository
class PlaybookReportRepository {

    private final NamedParameterJdbcTemplate jdbc;

    PlaybookReportRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every playbook path that has a recorded revision or an execution, by path, with its execution
     * count and newest execution (one index lookup each).
     */
    List<PlaybookSummary> playbooks() {
        return jdbc.query("""
                WITH RECURSIVE executed AS (
                    -- The distinct paths of execution by skipping through execution_playbook_idx
                    -- (one index probe per playbook) rather than reading every execution.
                    (SELECT playbook_path FROM execution ORDER BY playbook_path LIMIT 1)
                    UNION ALL
                    SELECT (SELECT e.playbook_path FROM execution e WHERE e.playbook_path > x.playbook_path
                            ORDER BY e.playbook_path LIMIT 1)
                    FROM executed x WHERE x.playbook_path IS NOT NULL),
                paths AS (
                    SELECT playbook_path FROM playbook_revision
                    UNION
                    SELECT playbook_path FROM executed WHERE playbook_path IS NOT NULL)
                SELECT p.playbook_path, c.n, l.execution_id, l.status, l.created_at
                FROM paths p
                CROSS JOIN LATERAL (SELECT count(*) AS n FROM execution e WHERE e.playbook_path = p.playbook_path) c
                LEFT JOIN LATERAL (SELECT execution_id, status, created_at FROM execution e
                                   WHERE e.playbook_path = p.playbook_path
                                   ORDER BY execution_id DESC LIMIT 1) l ON TRUE
                ORDER BY p.playbook_path
                """, Map.of(), (rs, i) -> summary(rs));
    }

    /** One playbook's summary; its count is 0 and last fields null when it never ran. */
    PlaybookSummary playbook(String path) {
        return jdbc.queryForObject("""
                SELECT CAST(:path AS varchar) AS playbook_path,
                       (SELECT count(*) FROM execution WHERE playbook_path = :path) AS n,
                       l.execution_id, l.status, l.created_at
                FROM (SELECT 1) one
                LEFT JOIN LATERAL (SELECT execution_id, status, created_at FROM execution
                                   WHERE playbook_path = :path ORDER BY execution_id DESC LIMIT 1) l ON TRUE
                """, Map.of("path", path), (rs, i) -> summary(rs));
    }

    /** The recorded revisions of a playbook, newest first. */
    List<PlaybookRevisionReport> revisions(String path) {
        return jdbc.query("""
                SELECT playbook_path, revision, recorded_at, source_file FROM playbook_revision
                WHERE playbook_path = :path ORDER BY recorded_at DESC, revision
                """, Map.of("path", path), (rs, i) -> new PlaybookRevisionReport(rs.getString("playbook_path"),
                rs.getString("revision"), rs.getTimestamp("recorded_at").toInstant(), rs.getString("source_file")));
    }

    /**
     * Duration statistics per step over the completed steps (workflow snapshot: step_started to
     * step_completed, the one step duration of docs/web.md; reused steps are not counted) of the
     * playbook's {@code window} newest executions, in first-seen order.
     */
    List<StepStatistics> stepStatistics(String path, int window) {
        return jdbc.query("""
                WITH recent AS (
                    SELECT execution_id FROM execution WHERE playbook_path = :path
                    ORDER BY execution_id DESC LIMIT :window),
                durations AS (
                    SELECT w.step_name, w.started_at,
                           CAST(EXTRACT(EPOCH FROM (w.ended_at - w.started_at)) * 1000 AS double precision) AS ms
                    FROM recent r JOIN workflow w ON w.execution_id = r.execution_id
                    WHERE w.status = 'completed' AND w.started_at IS NOT NULL AND w.ended_at IS NOT NULL)
                SELECT step_name, count(*) AS n, min(ms) AS min_ms, max(ms) AS max_ms, avg(ms) AS mean_ms,
                       stddev_samp(ms) AS stddev_ms
                FROM durations GROUP BY step_name ORDER BY min(started_at)
                """, new MapSqlParameterSource().addValue("path", path).addValue("window", window),
                (rs, i) -> new StepStatistics(rs.getString("step_name"), rs.getLong("n"),
                        Math.round(rs.getDouble("min_ms")), Math.round(rs.getDouble("max_ms")), rs.getDouble("mean_ms"),
                        (Double) rs.getObject("stddev_ms") == null ? null : rs.getDouble("stddev_ms")));
    }

    /** The source files of a playbook's recorded revisions, newest first. */
    List<String> sourceFiles(String path) {
        return jdbc.queryForList("""
                SELECT source_file FROM playbook_revision WHERE playbook_path = :path AND source_file IS NOT NULL
                ORDER BY recorded_at DESC
                """, Map.of("path", path), String.class);
    }

    private static PlaybookSummary summary(ResultSet rs) throws SQLException {
        Timestamp created = rs.getTimestamp("created_at");
        return new PlaybookSummary(rs.getString("playbook_path"), rs.getLong("n"), (Long) rs.getObject("execution_id"),
                rs.getString("status"), created == null ? null : created.toInstant());
    }
}
