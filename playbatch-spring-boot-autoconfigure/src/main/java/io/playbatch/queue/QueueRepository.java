package io.playbatch.queue;

import io.playbatch.database.SqlArrays;
import io.playbatch.json.JsonCodec;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.tasks.TaskResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SQL home of the {@code queue} table. Every statement handles a whole batch (PostgreSQL
 * arrays through {@code unnest}), and correctness comes from the table's constraints and from the
 * {@code WHERE} clauses of the state changes: an enqueue is {@code ON CONFLICT DO NOTHING} on
 * {@code (execution_id, node_id)}, a lease is {@code FOR UPDATE SKIP LOCKED}, and a completion or
 * heartbeat only touches a row still leased by that owner for that attempt and not expired.
 * Callers provide the transaction ({@link WorkQueue}); this class never starts one. Thread-safe.
 */
@Repository
public class QueueRepository {

    static final String READY_CHANNEL = "playbatch_queue";
    static final String DONE_CHANNEL = "playbatch_queue_done";

    private static final String TERMINAL_COLUMNS =
            "q.queue_id, q.execution_id, q.node_id, q.status, q.result::text AS result, q.error::text AS error";

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonCodec json;

    public QueueRepository(NamedParameterJdbcTemplate jdbc, JsonCodec json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A row as inserted: the new row's id for its key. */
    record InsertedRow(long queueId, long executionId, String nodeId, long enqueuedEventId) {
        QueueKey key() {
            return new QueueKey(executionId, nodeId);
        }
    }

    /** An existing row found for a key an insert conflicted with. */
    record ExistingRow(long queueId, QueueKey key, String status, String result, String error) {
    }

    /** A row a completion, failure or expiry changed, with what its events need. */
    record ChangedRow(long queueId, long executionId, String nodeId, String nodeName, Integer currentIndex,
            Long enqueuedEventId, int attempts, int maxAttempts, String status, long ageMs, long delayMs,
            String previousOwner, Map<String, Object> error) {
        QueueKey key() {
            return new QueueKey(executionId, nodeId);
        }
    }

    /**
     * Inserts the rows whose {@code (execution_id, node_id)} is new; the others are left untouched.
     * Rows are inserted in request order, so ids (and the FIFO order of leasing) follow it. Row
     * {@code i} names {@code enqueuedEventIds[i]} as its enqueue event ({@code task_enqueued}, or a loop
     * iteration's {@code loop_iteration}, then also its parent), which the caller appends in the same
     * transaction (the foreign key is checked at commit).
     */
    List<InsertedRow> insert(List<EnqueueRequest> requests, List<Long> enqueuedEventIds) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("enqueuedEventId", SqlArrays.bigints(enqueuedEventIds))
                .addValue("executionId", SqlArrays.bigints(requests.stream().map(EnqueueRequest::executionId).toList()))
                .addValue("nodeId", SqlArrays.texts(requests.stream().map(EnqueueRequest::nodeId).toList()))
                .addValue("nodeName", SqlArrays.texts(requests.stream().map(EnqueueRequest::nodeName).toList()))
                .addValue("currentIndex", SqlArrays.ints(requests.stream().map(EnqueueRequest::currentIndex).toList()))
                .addValue("parentEventId", SqlArrays.bigints(requests.stream().map(EnqueueRequest::parentEventId).toList()))
                .addValue("task", SqlArrays.texts(requests.stream().map(r -> json.write(r.task())).toList()))
                .addValue("priority", SqlArrays.ints(requests.stream().map(EnqueueRequest::priority).toList()))
                .addValue("maxAttempts", SqlArrays.ints(requests.stream().map(EnqueueRequest::maxAttempts).toList()))
                .addValue("initialMs", SqlArrays.bigints(requests.stream().map(r -> r.backoff().initialMs()).toList()))
                .addValue("multiplier", SqlArrays.doubles(requests.stream().map(r -> r.backoff().multiplier()).toList()))
                .addValue("maxMs", SqlArrays.bigints(requests.stream().map(r -> r.backoff().maxMs()).toList()));
        return jdbc.query("""
                INSERT INTO queue (execution_id, node_id, node_name, current_index, parent_event_id, enqueued_event_id,
                                   task, priority, max_attempts, backoff_initial_ms, backoff_multiplier, backoff_max_ms,
                                   available_at, created_at, updated_at)
                SELECT t.execution_id, t.node_id, t.node_name, t.current_index, t.parent_event_id, t.enqueued_event_id,
                       CAST(t.task AS jsonb), t.priority, t.max_attempts, t.initial_ms, t.multiplier, t.max_ms,
                       clock_timestamp(), clock_timestamp(), clock_timestamp()
                FROM unnest(CAST(:executionId AS bigint[]), CAST(:nodeId AS text[]), CAST(:nodeName AS text[]),
                            CAST(:currentIndex AS int[]), CAST(:parentEventId AS bigint[]),
                            CAST(:enqueuedEventId AS bigint[]), CAST(:task AS text[]), CAST(:priority AS int[]),
                            CAST(:maxAttempts AS int[]), CAST(:initialMs AS bigint[]), CAST(:multiplier AS float8[]),
                            CAST(:maxMs AS bigint[]))
                     WITH ORDINALITY AS t(execution_id, node_id, node_name, current_index, parent_event_id,
                                          enqueued_event_id, task, priority, max_attempts, initial_ms, multiplier,
                                          max_ms, ord)
                ORDER BY t.ord
                ON CONFLICT (execution_id, node_id) DO NOTHING
                RETURNING queue_id, execution_id, node_id, enqueued_event_id
                """, params, (rs, i) -> new InsertedRow(rs.getLong("queue_id"), rs.getLong("execution_id"),
                rs.getString("node_id"), rs.getLong("enqueued_event_id")));
    }

    /** The rows that already exist for these keys (those an insert conflicted with). */
    List<ExistingRow> find(List<QueueKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + TERMINAL_COLUMNS + """
                 FROM queue q
                JOIN unnest(CAST(:executionId AS bigint[]), CAST(:nodeId AS text[])) AS k(execution_id, node_id)
                  ON q.execution_id = k.execution_id AND q.node_id = k.node_id
                """, keyParams(keys), existingRow());
    }

    /** The rows among these keys that are finished ({@code done} or {@code dead}). */
    List<ExistingRow> findFinished(List<QueueKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + TERMINAL_COLUMNS + """
                 FROM queue q
                JOIN unnest(CAST(:executionId AS bigint[]), CAST(:nodeId AS text[])) AS k(execution_id, node_id)
                  ON q.execution_id = k.execution_id AND q.node_id = k.node_id
                WHERE q.status IN ('done', 'dead')
                """, keyParams(keys), existingRow());
    }

    /**
     * The newest finished ({@code done} or {@code dead}) row of {@code nodeId} in an earlier
     * execution of the same run: what a restarted agent loop carries over instead of sending a
     * model turn or a tool call again.
     */
    List<ExistingRow> finishedInEarlierExecution(long executionId, String nodeId) {
        return jdbc.query("SELECT " + TERMINAL_COLUMNS + """
                 FROM queue q
                JOIN execution e ON e.execution_id = q.execution_id
                WHERE e.run_id = (SELECT run_id FROM execution WHERE execution_id = :executionId)
                  AND q.execution_id < :executionId AND q.node_id = :nodeId AND q.status IN ('done', 'dead')
                ORDER BY q.execution_id DESC
                LIMIT 1
                """, new MapSqlParameterSource().addValue("executionId", executionId).addValue("nodeId", nodeId),
                existingRow());
    }

    /**
     * What a lease sets on the picked rows and returns, shared by {@link #lease} and {@link #leaseRow}.
     * A row whose enqueue event is its cause is a loop iteration (its {@code loop_iteration} is both);
     * for it the parent of that event, the loop's {@code loop_started}, comes back too.
     */
    private static final String LEASE_PICKED = """
            UPDATE queue q
            SET status = 'leased', lease_owner = :owner, attempts = q.attempts + 1,
                lease_expires_at = clock_timestamp() + :leaseMs * INTERVAL '1 millisecond',
                heartbeat_at = clock_timestamp(), updated_at = clock_timestamp()
            FROM picked
            WHERE q.queue_id = picked.queue_id
            RETURNING q.queue_id, q.execution_id, q.node_id, q.node_name, q.current_index, q.enqueued_event_id,
                      q.task::text AS task, q.attempts, q.max_attempts,
                      GREATEST(0, EXTRACT(EPOCH FROM (clock_timestamp() - q.available_at)) * 1000)::bigint AS wait_ms,
                      CASE WHEN q.enqueued_event_id = q.parent_event_id
                           THEN (SELECT e.parent_event_id FROM event e WHERE e.event_id = q.enqueued_event_id)
                      END AS loop_started_event_id
            """;

    /**
     * Leases up to {@code limit} ready rows, highest priority first, then oldest. Rows locked by a
     * concurrent lease are skipped, never waited for, so workers never block each other. A
     * {@code playbook} row is never leased here: the manager that enqueued it runs its child
     * execution itself ({@link #leaseRow}).
     */
    List<LeasedItem> lease(String owner, int limit, long leaseMs) {
        return jdbc.query("""
                WITH picked AS (
                    SELECT queue_id FROM queue
                    WHERE status = 'queued' AND available_at <= now() AND task ->> 'type' <> 'playbook'
                    ORDER BY priority DESC, available_at, queue_id
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED)
                """ + LEASE_PICKED, new MapSqlParameterSource().addValue("owner", owner).addValue("limit", limit)
                .addValue("leaseMs", leaseMs), leasedItem());
    }

    /** Leases the row {@code key} when it is queued: how a manager takes the row of a child playbook it runs. */
    List<LeasedItem> leaseRow(QueueKey key, String owner, long leaseMs) {
        return jdbc.query("""
                WITH picked AS (
                    SELECT queue_id FROM queue
                    WHERE execution_id = :executionId AND node_id = :nodeId AND status = 'queued'
                    FOR UPDATE SKIP LOCKED)
                """ + LEASE_PICKED, new MapSqlParameterSource().addValue("owner", owner)
                .addValue("executionId", key.executionId()).addValue("nodeId", key.nodeId())
                .addValue("leaseMs", leaseMs), leasedItem());
    }

    private RowMapper<LeasedItem> leasedItem() {
        return (rs, i) -> {
            Map<String, Object> task = json.readMap(rs.getString("task"));
            @SuppressWarnings("unchecked")
            Map<String, Object> args = (Map<String, Object>) task.get("args");
            return new LeasedItem(rs.getLong("queue_id"), rs.getLong("execution_id"), rs.getString("node_id"),
                    rs.getString("node_name"), (Integer) rs.getObject("current_index"),
                    (Long) rs.getObject("enqueued_event_id"),
                    new RenderedTask(String.valueOf(task.get("type")), args,
                            task.get("timeout_ms") instanceof Number ms ? ms.longValue() : null,
                            Boolean.TRUE.equals(task.get("at_most_once"))),
                    rs.getInt("attempts"),
                    rs.getInt("max_attempts"), rs.getLong("wait_ms"), (Long) rs.getObject("loop_started_event_id"));
        };
    }

    /**
     * Extends the leases this owner still holds on these rows; returns how many it extended. A lease
     * that ran out but was not taken back yet (a database outage kept the owner from extending it) is
     * still the owner's: only the reaper ends a lease (docs/queue.md).
     */
    int heartbeat(String owner, List<Long> queueIds, long leaseMs) {
        return jdbc.update("""
                UPDATE queue
                SET lease_expires_at = clock_timestamp() + :leaseMs * INTERVAL '1 millisecond',
                    heartbeat_at = clock_timestamp()
                WHERE queue_id = ANY(CAST(:queueId AS bigint[])) AND status = 'leased' AND lease_owner = :owner
                """, new MapSqlParameterSource().addValue("owner", owner).addValue("leaseMs", leaseMs)
                .addValue("queueId", SqlArrays.bigints(queueIds)));
    }

    /**
     * Marks rows {@code done} with their result envelopes, but only those this owner still leases
     * for the attempt that produced the result (a lease that ran out but was not taken back is still
     * its owner's); the rows not returned were refused.
     */
    List<ChangedRow> complete(String owner, List<Long> queueIds, List<Integer> attempts, List<String> results) {
        return jdbc.query("""
                UPDATE queue q
                SET status = 'done', result = CAST(t.result AS jsonb), error = NULL, lease_owner = NULL,
                    lease_expires_at = NULL, updated_at = clock_timestamp()
                FROM unnest(CAST(:queueId AS bigint[]), CAST(:attempt AS int[]), CAST(:result AS text[]))
                     AS t(queue_id, attempt, result)
                WHERE q.queue_id = t.queue_id AND q.status = 'leased' AND q.lease_owner = :owner
                  AND q.attempts = t.attempt
                RETURNING q.queue_id, q.execution_id, q.node_id, q.node_name, q.current_index, q.enqueued_event_id,
                          q.attempts, q.max_attempts, q.status,
                          (EXTRACT(EPOCH FROM (clock_timestamp() - q.created_at)) * 1000)::bigint AS age_ms,
                          0::bigint AS delay_ms, CAST(:owner AS text) AS previous_owner
                """, new MapSqlParameterSource().addValue("owner", owner)
                .addValue("queueId", SqlArrays.bigints(queueIds)).addValue("attempt", SqlArrays.ints(attempts))
                .addValue("result", SqlArrays.texts(results)), changedRow());
    }

    /**
     * Records failed attempts of rows this owner still leases: a row with attempts left whose error
     * is {@code retryable} goes back to {@code queued}, available after its backoff; any other goes
     * {@code dead} keeping the last error envelope. The rows not returned were refused.
     */
    List<ChangedRow> fail(String owner, List<Long> queueIds, List<Integer> attempts, List<String> results,
            List<String> errors, List<Boolean> retryable) {
        return jdbc.query("""
                UPDATE queue q
                SET status = CASE WHEN ${retry} THEN 'queued' ELSE 'dead' END,
                    available_at = CASE WHEN ${retry}
                        THEN clock_timestamp() + (${delay}) * INTERVAL '1 millisecond' ELSE q.available_at END,
                    result = CASE WHEN ${retry} THEN NULL ELSE CAST(t.result AS jsonb) END,
                    error = CAST(t.error AS jsonb), lease_owner = NULL, lease_expires_at = NULL,
                    updated_at = clock_timestamp()
                FROM unnest(CAST(:queueId AS bigint[]), CAST(:attempt AS int[]), CAST(:result AS text[]),
                            CAST(:error AS text[]), CAST(:retryable AS boolean[]))
                     AS t(queue_id, attempt, result, error, retryable)
                WHERE q.queue_id = t.queue_id AND q.status = 'leased' AND q.lease_owner = :owner
                  AND q.attempts = t.attempt
                RETURNING q.queue_id, q.execution_id, q.node_id, q.node_name, q.current_index, q.enqueued_event_id,
                          q.attempts, q.max_attempts, q.status,
                          (EXTRACT(EPOCH FROM (clock_timestamp() - q.created_at)) * 1000)::bigint AS age_ms,
                          (${delay})::bigint AS delay_ms, CAST(:owner AS text) AS previous_owner
                """.replace("${retry}", "q.attempts < q.max_attempts AND t.retryable").replace("${delay}", DELAY_MS),
                new MapSqlParameterSource().addValue("owner", owner)
                .addValue("queueId", SqlArrays.bigints(queueIds)).addValue("attempt", SqlArrays.ints(attempts))
                .addValue("result", SqlArrays.texts(results)).addValue("error", SqlArrays.texts(errors))
                .addValue("retryable", SqlArrays.booleans(retryable)),
                changedRow());
    }

    /**
     * {@code initial × multiplier^(attempts-1)}, capped at max when max is positive and at 30 days
     * in any case (see {@link Backoff#delayMs}); the exponent is bounded so power() cannot overflow.
     */
    private static final String DELAY_MS = "LEAST(CASE WHEN q.backoff_max_ms > 0 THEN q.backoff_max_ms ELSE "
            + Backoff.MAX_DELAY_MS + " END, q.backoff_initial_ms * power(q.backoff_multiplier, "
            + "LEAST(GREATEST(q.attempts - 1, 0), 200)))";

    /**
     * Takes back leases that expired (their worker died or stopped heartbeating): back to
     * {@code queued} when attempts remain, else {@code dead} with a {@code lease_expired} error. A
     * task marked {@code at_most_once} goes {@code dead} at once with {@code mcp_outcome_unknown}:
     * it may have taken effect, and running it again could repeat that effect.
     * Concurrent reapers skip each other's rows.
     */
    List<ChangedRow> expire(int limit) {
        return jdbc.query("""
                WITH expired AS (
                    SELECT queue_id, lease_owner, attempts,
                           COALESCE((task ->> 'at_most_once')::boolean, false) AS at_most_once FROM queue
                    WHERE status = 'leased' AND lease_expires_at < clock_timestamp()
                    ORDER BY lease_expires_at
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED),
                failure AS (
                    SELECT e.queue_id, CASE WHEN e.at_most_once
                           THEN jsonb_build_object('type', 'mcp_outcome_unknown', 'message',
                                'the lease of worker ' || e.lease_owner || ' on attempt ' || e.attempts
                                || ' expired after the task may have been sent; it is neither read_only nor'
                                || ' idempotent, so it is not run again (check the server for its effect, then'
                                || ' restart the run or mark the tool idempotent if the server deduplicates'
                                || ' by the idempotency key)')
                           ELSE jsonb_build_object('type', 'lease_expired', 'message',
                                'the lease of worker ' || e.lease_owner || ' on attempt ' || e.attempts
                                || ' expired without a completion or heartbeat') END AS error,
                           e.lease_owner, e.attempts, e.at_most_once
                    FROM expired e)
                UPDATE queue q
                SET status = CASE WHEN q.attempts < q.max_attempts AND NOT f.at_most_once THEN 'queued' ELSE 'dead' END,
                    available_at = clock_timestamp(), lease_owner = NULL, lease_expires_at = NULL,
                    error = f.error,
                    result = CASE WHEN q.attempts < q.max_attempts AND NOT f.at_most_once THEN NULL
                        ELSE jsonb_build_object(
                        'status', 'error', 'data', NULL, 'error', f.error,
                        'meta', jsonb_build_object('duration_ms', NULL, 'attempt', f.attempts,
                                                   'worker_id', f.lease_owner)) END,
                    updated_at = clock_timestamp()
                FROM failure f
                WHERE q.queue_id = f.queue_id
                RETURNING q.queue_id, q.execution_id, q.node_id, q.node_name, q.current_index, q.enqueued_event_id,
                          q.attempts, q.max_attempts, q.status,
                          (EXTRACT(EPOCH FROM (clock_timestamp() - q.created_at)) * 1000)::bigint AS age_ms,
                          0::bigint AS delay_ms, f.lease_owner AS previous_owner, f.error::text AS error
                """, new MapSqlParameterSource().addValue("limit", limit), (rs, i) -> {
                    ChangedRow row = changedRow().mapRow(rs, i);
                    return new ChangedRow(row.queueId(), row.executionId(), row.nodeId(), row.nodeName(),
                            row.currentIndex(), row.enqueuedEventId(), row.attempts(), row.maxAttempts(),
                            row.status(), row.ageMs(), row.delayMs(), row.previousOwner(), json.readMap(rs.getString("error")));
                });
    }

    /** The outcome stored in a finished row, for whoever waits on it. */
    QueueOutcome outcome(ExistingRow row) {
        Object envelope = json.read(row.result());
        TaskResult result = envelope != null ? TaskResult.fromEnvelope(envelope)
                : TaskResult.error("dead", String.valueOf(json.read(row.error())), 0, 0, null);
        return new QueueOutcome(row.key(), row.queueId(), "done".equals(row.status()), result);
    }

    /**
     * The iteration indexes of a loop that finished {@code done} in earlier executions of the same
     * run: what a restart carries over instead of running again.
     */
    BitSet doneInEarlierExecutions(long executionId, String nodeName) {
        BitSet done = new BitSet();
        jdbc.query("""
                SELECT q.current_index FROM queue q
                JOIN execution e ON e.execution_id = q.execution_id
                WHERE e.run_id = (SELECT run_id FROM execution WHERE execution_id = :executionId)
                  AND q.execution_id < :executionId AND q.node_name = :nodeName AND q.status = 'done'
                  AND q.current_index IS NOT NULL
                """, new MapSqlParameterSource().addValue("executionId", executionId).addValue("nodeName", nodeName),
                rs -> {
                    done.set(rs.getInt(1));
                });
        return done;
    }

    /**
     * The {@code data} of every done iteration of a loop in index order, as one JSON array built by
     * the database (so 100,000 results never sit in this JVM as objects); for each index the newest
     * execution of the run that finished it wins.
     */
    LoopResults loopResults(long executionId, String nodeName) {
        return jdbc.queryForObject("""
                SELECT count(*) AS n, COALESCE(jsonb_agg(d.data ORDER BY d.idx), '[]'::jsonb)::text AS data FROM (
                    SELECT DISTINCT ON (q.current_index) q.current_index AS idx,
                           COALESCE(q.result -> 'data', 'null'::jsonb) AS data
                    FROM queue q
                    JOIN execution e ON e.execution_id = q.execution_id
                    WHERE e.run_id = (SELECT run_id FROM execution WHERE execution_id = :executionId)
                      AND q.execution_id <= :executionId AND q.node_name = :nodeName AND q.status = 'done'
                      AND q.current_index IS NOT NULL
                    ORDER BY q.current_index, q.execution_id DESC) d
                """, new MapSqlParameterSource().addValue("executionId", executionId).addValue("nodeName", nodeName),
                (rs, i) -> new LoopResults(rs.getInt("n"), rs.getString("data")));
    }

    /** When the latest live lease on any of the execution's rows expires; empty when none is live. */
    Optional<Instant> liveLeaseUntil(long executionId) {
        return jdbc.query("""
                SELECT max(lease_expires_at) AS until FROM queue
                WHERE execution_id = :executionId AND status = 'leased' AND lease_expires_at >= clock_timestamp()
                HAVING max(lease_expires_at) IS NOT NULL
                """, Map.of("executionId", executionId), (rs, i) -> rs.getTimestamp("until").toInstant())
                .stream().findFirst();
    }

    /**
     * Locks every unfinished row of the execution (a concurrent lease skips locked rows, or this waits
     * for one in progress) and returns how many a worker holds a live lease on: what recovery checks
     * in the same transaction as it buries them, so no row is leased between the check and the burial.
     */
    int lockUnfinishedCountingLiveLeases(long executionId) {
        return jdbc.query("""
                SELECT status, lease_expires_at >= clock_timestamp() AS live FROM queue
                WHERE execution_id = :executionId AND status IN ('queued', 'leased')
                FOR UPDATE
                """, Map.of("executionId", executionId), (rs, i) -> "leased".equals(rs.getString("status"))
                && rs.getBoolean("live")).stream().mapToInt(live -> live ? 1 : 0).sum();
    }

    /**
     * Finishes every unfinished row of a dead execution {@code dead} with this error, so no worker
     * leases it later and a late completion from a worker that still ran one is refused (it no
     * longer holds a lease). Returns how many rows it changed.
     */
    int buryUnfinished(long executionId, String errorJson) {
        return jdbc.update("""
                UPDATE queue
                SET status = 'dead', error = CAST(:error AS jsonb), lease_owner = NULL, lease_expires_at = NULL,
                    updated_at = clock_timestamp()
                WHERE execution_id = :executionId AND status IN ('queued', 'leased')
                """, new MapSqlParameterSource().addValue("executionId", executionId).addValue("error", errorJson));
    }

    /**
     * The row of {@code nodeId} that an earlier execution of the same run finished {@code done},
     * the newest first: a step whose task completed is never run again by a later execution.
     */
    Optional<ExistingRow> doneInEarlierExecution(long executionId, String nodeId) {
        return jdbc.query("SELECT " + TERMINAL_COLUMNS + """
                 FROM queue q
                JOIN execution e ON e.execution_id = q.execution_id
                WHERE e.run_id = (SELECT run_id FROM execution WHERE execution_id = :executionId)
                  AND q.execution_id < :executionId AND q.node_id = :nodeId AND q.status = 'done'
                ORDER BY q.execution_id DESC
                LIMIT 1
                """, new MapSqlParameterSource().addValue("executionId", executionId).addValue("nodeId", nodeId),
                existingRow()).stream().findFirst();
    }

    /** Finishes a row {@code dead} with this error if no worker leased it yet; true when it did. */
    boolean withdrawQueued(QueueKey key, String errorJson) {
        return jdbc.update("""
                UPDATE queue SET status = 'dead', error = CAST(:error AS jsonb), updated_at = clock_timestamp()
                WHERE execution_id = :executionId AND node_id = :nodeId AND status = 'queued'
                """, new MapSqlParameterSource().addValue("executionId", key.executionId())
                .addValue("nodeId", key.nodeId()).addValue("error", errorJson)) == 1;
    }

    /** Sends a notification, delivered to listeners when (and only if) the transaction commits. */
    void notify(String channel, String payload) {
        jdbc.queryForObject("SELECT pg_notify(:channel, :payload)::text",
                new MapSqlParameterSource().addValue("channel", channel).addValue("payload", payload), String.class);
    }

    private static MapSqlParameterSource keyParams(List<QueueKey> keys) {
        List<Long> executions = new ArrayList<>(keys.size());
        List<String> nodes = new ArrayList<>(keys.size());
        for (QueueKey key : keys) {
            executions.add(key.executionId());
            nodes.add(key.nodeId());
        }
        return new MapSqlParameterSource().addValue("executionId", SqlArrays.bigints(executions))
                .addValue("nodeId", SqlArrays.texts(nodes));
    }

    private static RowMapper<ExistingRow> existingRow() {
        return (rs, i) -> new ExistingRow(rs.getLong("queue_id"),
                new QueueKey(rs.getLong("execution_id"), rs.getString("node_id")), rs.getString("status"),
                rs.getString("result"), rs.getString("error"));
    }

    private static RowMapper<ChangedRow> changedRow() {
        return (rs, i) -> new ChangedRow(rs.getLong("queue_id"), rs.getLong("execution_id"), rs.getString("node_id"),
                rs.getString("node_name"), (Integer) rs.getObject("current_index"),
                (Long) rs.getObject("enqueued_event_id"), rs.getInt("attempts"), rs.getInt("max_attempts"),
                rs.getString("status"), rs.getLong("age_ms"), rs.getLong("delay_ms"),
                rs.getString("previous_owner"), null);
    }
}
