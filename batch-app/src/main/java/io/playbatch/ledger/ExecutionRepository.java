package io.playbatch.ledger;

import io.playbatch.json.JsonCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SQL home of the {@code execution} table and of the {@code run_id} sequence. Rows are created
 * here (status STARTING); every later change of status or times comes from an event through
 * {@link SnapshotProjector}.
 */
@Repository
public class ExecutionRepository {

    private static final String COLUMNS = """
            execution_id, run_id, playbook_path, playbook_revision, restart_of, replay_of, parent_execution_id,
            parent_event_id, status, created_at, started_at, ended_at, result::text AS result, error::text AS error
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonCodec json;

    public ExecutionRepository(NamedParameterJdbcTemplate jdbc, JsonCodec json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public long nextRunId() {
        return jdbc.getJdbcTemplate().queryForObject("SELECT nextval('run_id_seq')", Long.class);
    }

    /** Records a new execution in status STARTING; a second call for the same id is a no-op. */
    public void create(NewExecution execution) {
        jdbc.update("""
                INSERT INTO execution (execution_id, run_id, playbook_path, playbook_revision, restart_of, replay_of,
                                       parent_execution_id, parent_event_id, status)
                VALUES (:executionId, :runId, :path, :revision, :restartOf, :replayOf, :parentExecutionId,
                        :parentEventId, 'STARTING')
                ON CONFLICT (execution_id) DO NOTHING
                """, new MapSqlParameterSource()
                .addValue("executionId", execution.executionId())
                .addValue("runId", execution.runId())
                .addValue("path", execution.playbookPath())
                .addValue("revision", execution.playbookRevision())
                .addValue("restartOf", execution.restartOf())
                .addValue("replayOf", execution.replayOf())
                .addValue("parentExecutionId", execution.parentExecutionId())
                .addValue("parentEventId", execution.parentEventId()));
    }

    public Optional<ExecutionRecord> find(long executionId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM execution WHERE execution_id = :id",
                Map.of("id", executionId), mapper()).stream().findFirst();
    }

    /** The id of the newest execution of a run. */
    public long latestOfRun(long runId) {
        return jdbc.queryForObject("SELECT max(execution_id) FROM execution WHERE run_id = :runId",
                Map.of("runId", runId), Long.class);
    }

    /** The newest executions first, optionally of one playbook. */
    public List<ExecutionRecord> list(String playbookPath, int limit, int offset) {
        return jdbc.query("SELECT " + COLUMNS + " FROM execution"
                + " WHERE (CAST(:path AS varchar) IS NULL OR playbook_path = :path)"
                + " ORDER BY execution_id DESC LIMIT :limit OFFSET :offset",
                new MapSqlParameterSource().addValue("path", playbookPath).addValue("limit", limit)
                        .addValue("offset", offset), mapper());
    }

    private RowMapper<ExecutionRecord> mapper() {
        return (rs, i) -> new ExecutionRecord(rs.getLong("execution_id"), rs.getLong("run_id"),
                rs.getString("playbook_path"), rs.getString("playbook_revision"),
                (Long) rs.getObject("restart_of"), (Long) rs.getObject("replay_of"),
                (Long) rs.getObject("parent_execution_id"), (Long) rs.getObject("parent_event_id"),
                rs.getString("status"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("ended_at")), json.read(rs.getString("result")),
                json.read(rs.getString("error")));
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
