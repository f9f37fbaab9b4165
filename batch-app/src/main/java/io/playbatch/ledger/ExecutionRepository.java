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
                                       parent_execution_id, parent_event_id, status, labels)
                VALUES (:executionId, :runId, :path, :revision, :restartOf, :replayOf, :parentExecutionId,
                        :parentEventId, 'STARTING', CAST(:labels AS jsonb))
                ON CONFLICT (execution_id) DO NOTHING
                """, new MapSqlParameterSource()
                .addValue("executionId", execution.executionId())
                .addValue("runId", execution.runId())
                .addValue("path", execution.playbookPath())
                .addValue("revision", execution.playbookRevision())
                .addValue("restartOf", execution.restartOf())
                .addValue("replayOf", execution.replayOf())
                .addValue("parentExecutionId", execution.parentExecutionId())
                .addValue("parentEventId", execution.parentEventId())
                .addValue("labels", json.write(execution.labels())));
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

    /**
     * One page of executions matching the filter, newest first, plus one more row when there is a
     * next page (so a caller can tell without counting). {@code result} is null in these rows. Each filter maps to an indexed predicate:
     * playbook and status to {@code execution_playbook_status_idx}/{@code execution_status_idx},
     * since/until to {@code execution_created_idx}, labels ({@code @>}) to the GIN {@code execution_labels_idx}.
     */
    public List<ExecutionRecord> list(ExecutionFilter filter) {
        // A page leaves out each execution's result: a playbook's output can be large (a loop's
        // results), and a listing never shows it; find(id) has it.
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS.replace("result::text AS result", "NULL AS result")
                + " FROM execution WHERE TRUE");
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("limit", filter.limit() + 1).addValue("offset", filter.offset());
        if (filter.playbookPath() != null) {
            sql.append(" AND playbook_path = :path");
            params.addValue("path", filter.playbookPath());
        }
        if (!filter.statuses().isEmpty()) {
            sql.append(" AND status IN (:statuses)");
            params.addValue("statuses", filter.statuses());
        }
        if (filter.since() != null) {
            sql.append(" AND created_at >= :since");
            params.addValue("since", java.sql.Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            sql.append(" AND created_at < :until");
            params.addValue("until", java.sql.Timestamp.from(filter.until()));
        }
        if (!filter.labels().isEmpty()) {
            sql.append(" AND labels @> CAST(:labels AS jsonb)");
            params.addValue("labels", json.write(filter.labels()));
        }
        sql.append(" ORDER BY execution_id DESC LIMIT :limit OFFSET :offset");
        return jdbc.query(sql.toString(), params, mapper());
    }

    /** The labels the execution ran with (empty when it had none or does not exist). */
    public Map<String, String> labels(long executionId) {
        List<String> rows = jdbc.queryForList("SELECT labels::text FROM execution WHERE execution_id = :id",
                Map.of("id", executionId), String.class);
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        if (!rows.isEmpty() && rows.get(0) != null) {
            json.readMap(rows.get(0)).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        }
        return labels;
    }

    /** Every execution of a run, oldest first. */
    public List<ExecutionRecord> ofRun(long runId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM execution WHERE run_id = :runId ORDER BY execution_id",
                Map.of("runId", runId), mapper());
    }

    /** The executions started as children (sub-playbooks) of an execution, oldest first. */
    public List<ExecutionRecord> children(long executionId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM execution WHERE parent_execution_id = :id ORDER BY execution_id",
                Map.of("id", executionId), mapper());
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
