package io.playbatch.ledger;

import io.playbatch.database.SqlArrays;
import io.playbatch.json.JsonCodec;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    /**
     * Removes the row of an execution whose start failed before its {@code execution_started} was
     * recorded, so that a start that answered with an error leaves no execution behind; returns
     * whether it did. An execution with any event is kept: it started, and its events say how it ended.
     */
    public boolean forgetUnstarted(long executionId) {
        return jdbc.update("""
                DELETE FROM execution
                WHERE execution_id = :id AND status = 'STARTING'
                  AND NOT EXISTS (SELECT 1 FROM event WHERE event.execution_id = :id)
                """, Map.of("id", executionId)) == 1;
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
     * Beats the heartbeat of the executions this manager runs and reads back, for each, the ledger's
     * status, Spring Batch's ({@code BATCH_JOB_EXECUTION.STATUS}, read only) and who manages it: how a
     * running job learns, within one heartbeat, that another process asked it to stop (Spring Batch
     * status STOPPING) or recovered it (ledger no longer STARTING or STARTED, another manager). Only
     * executions still STARTING or STARTED in the ledger are beaten, so a recoverer's mark stays.
     */
    public Map<Long, Beat> beat(String managerId, List<Long> executionIds) {
        Map<Long, Beat> beats = new HashMap<>();
        if (executionIds.isEmpty()) {
            return beats;
        }
        jdbc.query("""
                WITH beaten AS (
                    UPDATE execution SET manager_id = :managerId, manager_heartbeat_at = clock_timestamp()
                    WHERE execution_id = ANY(CAST(:ids AS bigint[])) AND status IN ('STARTING', 'STARTED')
                    RETURNING execution_id, status, manager_id)
                SELECT e.execution_id, COALESCE(b.status, e.status) AS status,
                       COALESCE(b.manager_id, e.manager_id) AS manager_id, j.status AS batch_status
                FROM execution e
                LEFT JOIN beaten b ON b.execution_id = e.execution_id
                LEFT JOIN batch_job_execution j ON j.job_execution_id = e.execution_id
                WHERE e.execution_id = ANY(CAST(:ids AS bigint[]))
                """, new MapSqlParameterSource().addValue("managerId", managerId)
                .addValue("ids", SqlArrays.bigints(executionIds)),
                rs -> { beats.put(rs.getLong("execution_id"), new Beat(rs.getString("status"),
                        rs.getString("batch_status"), rs.getString("manager_id"))); });
        return beats;
    }

    /** What one heartbeat read back: the ledger's status, Spring Batch's, and the execution's manager. */
    public record Beat(String status, String batchStatus, String managerId) {
    }

    /**
     * The running executions (STARTING or STARTED) whose manager's heartbeat (or, without one, the
     * row's creation) is older than {@code staleAfter}: candidates for recovery, oldest first.
     */
    public List<Long> stale(Duration staleAfter, int limit) {
        return jdbc.queryForList("""
                SELECT execution_id FROM execution
                WHERE status IN ('STARTING', 'STARTED')
                  AND COALESCE(manager_heartbeat_at, created_at) < clock_timestamp() - :staleMs * INTERVAL '1 millisecond'
                ORDER BY execution_id
                LIMIT :limit
                """, new MapSqlParameterSource().addValue("staleMs", staleAfter.toMillis()).addValue("limit", limit),
                Long.class);
    }

    /**
     * The executions whose ledger status and Spring Batch's ({@code BATCH_JOB_EXECUTION.STATUS})
     * disagree, oldest first, in one query: ended in the ledger but not (or otherwise) in Spring
     * Batch, or ended in Spring Batch while the ledger still has them running and their manager's
     * heartbeat is older than {@code staleAfter} (a live manager is between the two in its own
     * transaction, never in a committed state). Only a crash of an older version leaves these.
     */
    public List<Disagreement> disagreements(Duration staleAfter, int limit) {
        return jdbc.query("""
                SELECT e.execution_id, e.status, j.status AS batch_status
                FROM execution e
                JOIN batch_job_execution j ON j.job_execution_id = e.execution_id
                WHERE (e.status IN ('COMPLETED', 'FAILED', 'STOPPED', 'ABANDONED') AND j.status <> e.status)
                   OR (e.status IN ('STARTING', 'STARTED') AND j.status NOT IN ('STARTING', 'STARTED', 'STOPPING')
                       AND COALESCE(e.manager_heartbeat_at, e.created_at)
                           < clock_timestamp() - :staleMs * INTERVAL '1 millisecond')
                ORDER BY e.execution_id
                LIMIT :limit
                """, new MapSqlParameterSource().addValue("staleMs", staleAfter.toMillis()).addValue("limit", limit),
                (rs, i) -> new Disagreement(rs.getLong("execution_id"), rs.getString("status"),
                        rs.getString("batch_status")));
    }

    /** An execution whose ledger status and Spring Batch's status disagree. */
    public record Disagreement(long executionId, String status, String batchStatus) {
    }

    /**
     * The ledger status of an execution, its row locked until the caller's transaction ends: how
     * a writer checks, inside its transaction, that the state it is about to change is still the
     * one it read. Empty when there is no such execution.
     */
    public Optional<String> lockStatus(long executionId) {
        return jdbc.queryForList("SELECT status FROM execution WHERE execution_id = :id FOR UPDATE",
                Map.of("id", executionId), String.class).stream().findFirst();
    }

    /**
     * Takes over a running execution whose heartbeat is stale by beating it as {@code managerId}:
     * a compare-and-set, so of several processes recovering at once exactly one wins; the others
     * see a fresh heartbeat. False when the execution is not running or its heartbeat is fresh.
     */
    public boolean claimStale(long executionId, String managerId, Duration staleAfter) {
        return jdbc.update("""
                UPDATE execution SET manager_id = :managerId, manager_heartbeat_at = clock_timestamp()
                WHERE execution_id = :id AND status IN ('STARTING', 'STARTED')
                  AND COALESCE(manager_heartbeat_at, created_at) < clock_timestamp() - :staleMs * INTERVAL '1 millisecond'
                """, new MapSqlParameterSource().addValue("id", executionId).addValue("managerId", managerId)
                .addValue("staleMs", staleAfter.toMillis())) == 1;
    }

    /**
     * Claims the restart of a FAILED or STOPPED execution: true for exactly one of several concurrent
     * callers. A claim lapses when its restart was not recorded within a minute (the process that
     * claimed it died before starting it).
     */
    public boolean claimRestart(long executionId) {
        return jdbc.update("""
                UPDATE execution SET restart_claimed_at = clock_timestamp()
                WHERE execution_id = :id AND status IN ('FAILED', 'STOPPED')
                  AND (restart_claimed_at IS NULL
                       OR restart_claimed_at < clock_timestamp() - INTERVAL '1 minute'
                          AND NOT EXISTS (SELECT 1 FROM execution r WHERE r.restart_of = :id))
                """, Map.of("id", executionId)) == 1;
    }

    /** Gives up a restart claim whose restart could not start, so it may be asked again at once. */
    public void releaseRestart(long executionId) {
        jdbc.update("UPDATE execution SET restart_claimed_at = NULL WHERE execution_id = :id", Map.of("id", executionId));
    }

    /**
     * The executions that recovery ended because their manager died ({@code error.type}
     * {@code manager_dead}) at most {@code within} ago and that may be resumed now: FAILED, the
     * latest of their run, not a child execution (its parent's run resumes it), and no restart
     * claimed (or the claim lapsed). Oldest first.
     */
    public List<Long> resumable(Duration within, int limit) {
        return jdbc.queryForList("""
                SELECT e.execution_id FROM execution e
                WHERE e.status = 'FAILED' AND e.error ->> 'type' = 'manager_dead' AND e.parent_execution_id IS NULL
                  AND e.ended_at > clock_timestamp() - :withinMs * INTERVAL '1 millisecond'
                  AND (e.restart_claimed_at IS NULL OR e.restart_claimed_at < clock_timestamp() - INTERVAL '1 minute')
                  AND NOT EXISTS (SELECT 1 FROM execution later
                                  WHERE later.run_id = e.run_id AND later.execution_id > e.execution_id)
                ORDER BY e.execution_id
                LIMIT :limit
                """, new MapSqlParameterSource().addValue("withinMs", within.toMillis()).addValue("limit", limit),
                Long.class);
    }

    /** Who manages an execution and how long ago it last beat (null values when it never did). */
    public Optional<ManagerBeat> manager(long executionId) {
        return jdbc.query("""
                SELECT manager_id, manager_heartbeat_at,
                       (EXTRACT(EPOCH FROM (clock_timestamp() - COALESCE(manager_heartbeat_at, created_at))) * 1000)::bigint
                           AS age_ms
                FROM execution WHERE execution_id = :id
                """, Map.of("id", executionId), (rs, i) -> new ManagerBeat(rs.getString("manager_id"),
                instant(rs.getTimestamp("manager_heartbeat_at")), rs.getLong("age_ms"))).stream().findFirst();
    }

    /** The manager of an execution and the age of its last heartbeat (of the row itself when it never beat). */
    public record ManagerBeat(String managerId, Instant heartbeatAt, long ageMs) {
    }

    /**
     * One page of executions matching the filter, newest first, plus one more row when there is a
     * next page (so a caller can tell without counting). {@code result} is null in these rows. Each filter maps to an indexed predicate:
     * playbook and status to {@code execution_playbook_status_idx}/{@code execution_status_idx},
     * since/until to {@code execution_created_idx}, labels ({@code @>}) to the GIN {@code execution_labels_idx}.
     */
    public List<ExecutionRecord> list(ExecutionFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        return jdbc.query(pageQuery(filter, params), params, mapper());
    }

    /**
     * The page of {@link #list} in the same one query, each execution with the step that failed it
     * and, for a FAILED or STOPPED one, the next execution of its run (its successor) and that one's
     * status: lateral lookups per row of the page, by {@code workflow_pk} and {@code execution_run_idx},
     * so the cost grows with the page, not with the table.
     */
    public List<ListedExecution> listWithOutcomes(ExecutionFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "WITH page AS (" + pageQuery(filter, params) + """
                )
                SELECT page.*, failed.step_name AS failed_step, successor.execution_id AS successor_id,
                       successor.status AS successor_status
                FROM page
                LEFT JOIN LATERAL (
                    SELECT w.step_name FROM workflow w WHERE w.execution_id = page.execution_id AND w.status = 'failed'
                    ORDER BY w.ended_at NULLS LAST, w.step_name LIMIT 1) failed ON TRUE
                LEFT JOIN LATERAL (
                    SELECT s.execution_id, s.status FROM execution s
                    WHERE page.status IN ('FAILED', 'STOPPED') AND s.run_id = page.run_id
                      AND s.execution_id > page.execution_id
                    ORDER BY s.execution_id LIMIT 1) successor ON TRUE
                ORDER BY page.execution_id DESC
                """;
        RowMapper<ExecutionRecord> records = mapper();
        return jdbc.query(sql, params, (rs, i) -> new ListedExecution(records.mapRow(rs, i), rs.getString("failed_step"),
                (Long) rs.getObject("successor_id"), rs.getString("successor_status")));
    }

    /** The SELECT of one page of the filtered list (one row more than the limit), its values put in {@code params}. */
    private String pageQuery(ExecutionFilter filter, MapSqlParameterSource params) {
        // A page leaves out each execution's result: a playbook's output can be large (a loop's
        // results), and a listing never shows it; find(id) has it.
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS.replace("result::text AS result", "NULL AS result")
                + " FROM execution WHERE TRUE");
        params.addValue("limit", filter.limit() + 1).addValue("offset", filter.offset());
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
            params.addValue("since", Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            sql.append(" AND created_at < :until");
            params.addValue("until", Timestamp.from(filter.until()));
        }
        if (!filter.labels().isEmpty()) {
            sql.append(" AND labels @> CAST(:labels AS jsonb)");
            params.addValue("labels", json.write(filter.labels()));
        }
        sql.append(" ORDER BY execution_id DESC LIMIT :limit OFFSET :offset");
        return sql.toString();
    }

    /** The labels the execution ran with (empty when it had none or does not exist). */
    public Map<String, String> labels(long executionId) {
        List<String> rows = jdbc.queryForList("SELECT labels::text FROM execution WHERE execution_id = :id",
                Map.of("id", executionId), String.class);
        Map<String, String> labels = new LinkedHashMap<>();
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

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
