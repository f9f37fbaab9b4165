package io.playbatch.ledger;

import io.playbatch.database.OutageTolerantTransactionTemplate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.playbatch.database.SqlArrays;
import io.playbatch.json.JsonCodec;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only event log: the only writer of the {@code event} table. Each append and the
 * snapshot updates it implies ({@link SnapshotProjector}) commit in one transaction. An event
 * that would break one of the partial unique indexes ({@code step_started} per node,
 * {@code loop_iteration} per node and index, {@code execution_complete} per execution) is a
 * deduplicated no-op: nothing is written, the existing event's id is returned and
 * {@code playbatch.ledger.dedup} is incremented. Appends run in a transaction of their own, retried
 * through a database outage, except the {@code appendAllJoining} ones, which join the caller's (the
 * work queue's leases, and the {@code ExecutionStateWriter}'s changes of an execution's state with
 * Spring Batch's) and are retried with it; an event without a unique key gets its id before the
 * transaction, so a retry after a lost commit answer writes it once (docs/database.md#outages).
 * Thread-safe.
 */
@Repository
public class EventLedger {

    private static final Logger log = LoggerFactory.getLogger(EventLedger.class);

    private static final String INSERT = """
            INSERT INTO event (execution_id, parent_event_id, event_type, node_id, node_name, node_type,
                               current_index, status, attempt, context, result, error, worker_id, duration_ms)
            VALUES (:executionId, :parentEventId, :eventType, :nodeId, :nodeName, :nodeType,
                    :currentIndex, :status, :attempt, CAST(:context AS jsonb), CAST(:result AS jsonb),
                    CAST(:error AS jsonb), :workerId, :durationMs)
            """;

    /** The same columns as {@link #INSERT}, one row per array element, in input order. */
    private static final String BULK_INSERT = """
            INSERT INTO event (execution_id, parent_event_id, event_type, node_id, node_name, node_type,
                               current_index, status, attempt, context, result, error, worker_id, duration_ms)
            SELECT t.execution_id, t.parent_event_id, t.event_type, t.node_id, t.node_name, t.node_type,
                   t.current_index, t.status, t.attempt, CAST(t.context AS jsonb), CAST(t.result AS jsonb),
                   CAST(t.error AS jsonb), t.worker_id, t.duration_ms
            FROM unnest(CAST(:executionId AS bigint[]), CAST(:parentEventId AS bigint[]), CAST(:eventType AS text[]),
                        CAST(:nodeId AS text[]), CAST(:nodeName AS text[]), CAST(:nodeType AS text[]),
                        CAST(:currentIndex AS int[]), CAST(:status AS text[]), CAST(:attempt AS int[]),
                        CAST(:context AS text[]), CAST(:result AS text[]), CAST(:error AS text[]),
                        CAST(:workerId AS text[]), CAST(:durationMs AS bigint[]))
                 WITH ORDINALITY AS t(execution_id, parent_event_id, event_type, node_id, node_name, node_type,
                                      current_index, status, attempt, context, result, error, worker_id,
                                      duration_ms, ord)
            ORDER BY t.ord
            """;

    /** {@link #BULK_INSERT} with the ids given instead of drawn by the identity column. */
    private static final String BULK_INSERT_WITH_IDS = BULK_INSERT
            .replace("INSERT INTO event (", "INSERT INTO event (event_id, ")
            .replace("SELECT t.execution_id,", "SELECT t.event_id, t.execution_id,")
            .replace("FROM unnest(", "FROM unnest(CAST(:eventId AS bigint[]), ")
            .replace("AS t(execution_id,", "AS t(event_id, execution_id,");

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final TransactionTemplate joining;
    private final SnapshotProjector snapshots;
    private final JsonCodec json;
    private final Counter dedup;

    public EventLedger(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            SnapshotProjector snapshots, JsonCodec json, MeterRegistry meters) {
        this.jdbc = jdbc;
        // An event records what happened, so it must commit even when the caller's transaction
        // (a Spring Batch step that is failing) rolls back. It is retried through a database outage.
        this.transactions = new OutageTolerantTransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.joining = new TransactionTemplate(transactionManager);
        this.joining.setPropagationBehavior(TransactionDefinition.PROPAGATION_MANDATORY);
        this.snapshots = snapshots;
        this.json = json;
        this.dedup = Counter.builder("playbatch.ledger.dedup")
                .description("Event inserts that hit a partial unique index and were deduplicated")
                .register(meters);
    }

    /** Appends one event and applies its snapshot updates, in one transaction. */
    public AppendResult append(NewEvent event) {
        if (conflictClause(event.type()).isEmpty()) {
            long id = reserveIds(1).get(0);
            return transactions.execute(status -> {
                if (insertWithIds(List.of(event), List.of(id)) == 1) {
                    snapshots.apply(id, event);
                }
                return new AppendResult(id, false);
            });
        }
        return transactions.execute(status -> appendInCurrentTransaction(event));
    }

    /**
     * Appends events in order in one transaction of their own; the results are in the same order.
     * A batch whose events touch no snapshot (task, queue and loop events) is written with one
     * multi-row statement per event type, which is what makes 10,000s of loop iterations cheap.
     */
    public List<AppendResult> appendAll(List<NewEvent> events) {
        if (!events.isEmpty() && events.stream().allMatch(this::plain)) {
            List<Long> ids = reserveIds(events.size());
            return transactions.execute(status -> {
                insertWithIds(events, ids);
                return ids.stream().map(id -> new AppendResult(id, false)).toList();
            });
        }
        return transactions.execute(status -> appendAllInCurrentTransaction(events));
    }

    /**
     * Inserts events under ids drawn before their transaction began, skipping an id already
     * written: the transaction is retried as a whole through a database outage
     * (docs/database.md#outages), and when the answer to a commit was lost the retry must find the
     * rows that commit wrote instead of writing them again. Returns how many rows it wrote.
     */
    private int insertWithIds(List<NewEvent> events, List<Long> ids) {
        return jdbc.update(BULK_INSERT_WITH_IDS + " ON CONFLICT (event_id) DO NOTHING",
                bulkParameters(events).addValue("eventId", SqlArrays.bigints(ids)));
    }

    /** An event that touches no snapshot and has no unique key of its own. */
    private boolean plain(NewEvent event) {
        return !snapshots.affects(event.type()) && conflictClause(event.type()).isEmpty();
    }

    /**
     * Appends events like {@link #appendAll} but inside the caller's transaction, which must exist:
     * for writers whose own state change and its events must commit or roll back together (the
     * work queue: a lease and its {@code task_leased} events are one fact; an execution's state in
     * Spring Batch and in the ledger).
     *
     * @throws org.springframework.transaction.IllegalTransactionStateException without a transaction
     */
    public List<AppendResult> appendAllJoining(List<NewEvent> events) {
        return joining.execute(status -> appendAllInCurrentTransaction(events));
    }

    /**
     * Draws {@code count} event ids from the event sequence, for a writer that must reference its
     * events before it writes them (a queue row names its {@code task_enqueued} event); the ids are
     * then given to {@link #appendAllJoining(List, List)}. Unused ids are gaps, which ids allow.
     */
    public List<Long> reserveIds(int count) {
        return jdbc.queryForList("SELECT nextval(pg_get_serial_sequence('event', 'event_id'))"
                + " FROM generate_series(1, :count)", Map.of("count", count), Long.class);
    }

    /**
     * Appends events that touch no snapshot and have no unique key, with ids reserved by
     * {@link #reserveIds}, inside the caller's transaction.
     */
    public List<AppendResult> appendAllJoining(List<NewEvent> events, List<Long> reservedIds) {
        if (events.size() != reservedIds.size()) {
            throw new IllegalArgumentException(events.size() + " events for " + reservedIds.size() + " ids");
        }
        if (!events.stream().allMatch(this::plain)) {
            throw new IllegalArgumentException("only plain events (no snapshot, no unique key) take reserved ids");
        }
        return joining.execute(status -> {
            if (events.isEmpty()) {
                return List.<AppendResult>of();
            }
            MapSqlParameterSource params = bulkParameters(events)
                    .addValue("eventId", SqlArrays.bigints(reservedIds));
            int written = jdbc.update(BULK_INSERT_WITH_IDS, params);
            if (written != events.size()) {
                throw new IllegalStateException("wrote " + written + " of " + events.size() + " events");
            }
            return reservedIds.stream().map(id -> new AppendResult(id, false)).toList();
        });
    }

    private List<AppendResult> appendAllInCurrentTransaction(List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        if (events.stream().anyMatch(e -> snapshots.affects(e.type()))) {
            return events.stream().map(this::appendInCurrentTransaction).toList();
        }
        AppendResult[] results = new AppendResult[events.size()];
        Map<EventType, List<Integer>> byType = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            byType.computeIfAbsent(events.get(i).type(), t -> new ArrayList<>()).add(i);
        }
        byType.forEach((type, positions) -> bulkInsert(type, positions, events, results));
        return Arrays.asList(results);
    }

    /**
     * One INSERT ... SELECT FROM unnest(...) for events of one type. Identity values are drawn in
     * the order the SELECT delivers rows (ORDER BY ordinality), so the returned ids sorted ascending
     * line up with the input; a type with a unique index instead maps rows back by that key.
     */
    private void bulkInsert(EventType type, List<Integer> positions, List<NewEvent> events, AppendResult[] results) {
        List<NewEvent> group = positions.stream().map(events::get).toList();
        MapSqlParameterSource params = bulkParameters(group);
        String conflict = conflictClause(type);
        if (conflict.isEmpty()) {
            List<Long> ids = new ArrayList<>(jdbc.queryForList(BULK_INSERT + " RETURNING event_id", params,
                    Long.class));
            if (ids.size() != group.size()) {
                throw new IllegalStateException("bulk insert of " + group.size() + " " + type.code() + " events wrote "
                        + ids.size());
            }
            Collections.sort(ids);
            for (int i = 0; i < positions.size(); i++) {
                results[positions.get(i)] = new AppendResult(ids.get(i), false);
            }
            return;
        }
        if (type != EventType.LOOP_ITERATION) {
            throw new IllegalStateException(type.code() + " events touch snapshots and are appended one by one");
        }
        Map<String, Long> inserted = new HashMap<>();
        jdbc.query(BULK_INSERT + conflict + " RETURNING event_id, execution_id, node_name, current_index", params,
                rs -> {
                    inserted.put(loopKey(rs.getLong("execution_id"), rs.getString("node_name"),
                            rs.getInt("current_index")), rs.getLong("event_id"));
                });
        for (int i = 0; i < positions.size(); i++) {
            NewEvent event = group.get(i);
            // A key repeated inside the batch is inserted once: the first occurrence wins, the others are duplicates.
            Long id = inserted.remove(loopKey(event.executionId(), event.nodeName(), event.currentIndex()));
            if (id != null) {
                results[positions.get(i)] = new AppendResult(id, false);
                continue;
            }
            long existing = existingEventId(event, parameters(event));
            dedup.increment();
            log.debug("Deduplicated loop_iteration for execution {} node {} index {}: existing event {}",
                    event.executionId(), event.nodeName(), event.currentIndex(), existing);
            results[positions.get(i)] = new AppendResult(existing, true);
        }
    }

    private MapSqlParameterSource bulkParameters(List<NewEvent> group) {
        return new MapSqlParameterSource()
                .addValue("executionId", SqlArrays.bigints(group.stream().map(NewEvent::executionId).toList()))
                .addValue("parentEventId", SqlArrays.bigints(group.stream().map(NewEvent::parentEventId).toList()))
                .addValue("eventType", SqlArrays.texts(group.stream().map(e -> e.type().code()).toList()))
                .addValue("nodeId", SqlArrays.texts(group.stream().map(NewEvent::nodeId).toList()))
                .addValue("nodeName", SqlArrays.texts(group.stream().map(NewEvent::nodeName).toList()))
                .addValue("nodeType", SqlArrays.texts(group.stream().map(NewEvent::nodeType).toList()))
                .addValue("currentIndex", SqlArrays.ints(group.stream().map(NewEvent::currentIndex).toList()))
                .addValue("status", SqlArrays.texts(group.stream().map(NewEvent::status).toList()))
                .addValue("attempt", SqlArrays.ints(group.stream().map(NewEvent::attempt).toList()))
                .addValue("context", SqlArrays.texts(group.stream().map(e -> json.write(e.context())).toList()))
                .addValue("result", SqlArrays.texts(group.stream().map(e -> json.write(e.result())).toList()))
                .addValue("error", SqlArrays.texts(group.stream().map(e -> json.write(e.error())).toList()))
                .addValue("workerId", SqlArrays.texts(group.stream().map(NewEvent::workerId).toList()))
                .addValue("durationMs", SqlArrays.bigints(group.stream().map(NewEvent::durationMs).toList()));
    }

    private static String loopKey(long executionId, String nodeName, Integer index) {
        return executionId + "/" + nodeName + "/" + index;
    }

    private AppendResult appendInCurrentTransaction(NewEvent event) {
        MapSqlParameterSource params = parameters(event);
        String conflict = conflictClause(event.type());
        List<Long> inserted = jdbc.queryForList(INSERT + conflict + " RETURNING event_id", params, Long.class);
        if (inserted.isEmpty()) {
            long existing = existingEventId(event, params);
            dedup.increment();
            log.debug("Deduplicated {} for execution {} node {} index {}: existing event {}", event.type().code(),
                    event.executionId(), event.nodeName(), event.currentIndex(), existing);
            return new AppendResult(existing, true);
        }
        long eventId = inserted.get(0);
        snapshots.apply(eventId, event);
        return new AppendResult(eventId, false);
    }

    /** The conflict target is the partial index itself, so any other violation still fails loudly. */
    private static String conflictClause(EventType type) {
        return switch (type) {
            case STEP_STARTED -> "ON CONFLICT (execution_id, node_name) WHERE event_type = 'step_started' DO NOTHING";
            case LOOP_ITERATION ->
                "ON CONFLICT (execution_id, node_name, current_index) WHERE event_type = 'loop_iteration' DO NOTHING";
            case EXECUTION_COMPLETE -> "ON CONFLICT (execution_id) WHERE event_type = 'execution_complete' DO NOTHING";
            default -> "";
        };
    }

    private long existingEventId(NewEvent event, MapSqlParameterSource params) {
        String where = switch (event.type()) {
            case STEP_STARTED -> "execution_id = :executionId AND node_name = :nodeName AND event_type = 'step_started'";
            case LOOP_ITERATION -> "execution_id = :executionId AND node_name = :nodeName"
                    + " AND current_index = :currentIndex AND event_type = 'loop_iteration'";
            case EXECUTION_COMPLETE -> "execution_id = :executionId AND event_type = 'execution_complete'";
            default -> throw new IllegalStateException("no unique key for " + event.type());
        };
        return jdbc.queryForObject("SELECT event_id FROM event WHERE " + where, params, Long.class);
    }

    private MapSqlParameterSource parameters(NewEvent event) {
        return new MapSqlParameterSource()
                .addValue("executionId", event.executionId())
                .addValue("parentEventId", event.parentEventId())
                .addValue("eventType", event.type().code())
                .addValue("nodeId", event.nodeId())
                .addValue("nodeName", event.nodeName())
                .addValue("nodeType", event.nodeType())
                .addValue("currentIndex", event.currentIndex())
                .addValue("status", event.status())
                .addValue("attempt", event.attempt())
                .addValue("context", json.write(event.context()))
                .addValue("result", json.write(event.result()))
                .addValue("error", json.write(event.error()))
                .addValue("workerId", event.workerId())
                .addValue("durationMs", event.durationMs());
    }

    /** The events of one execution in the order they were appended. */
    public List<StoredEvent> events(long executionId) {
        return events(executionId, 0, Integer.MAX_VALUE);
    }

    /**
     * One page of an execution's events in append order: at most {@code limit} events whose id is
     * greater than {@code afterEventId} (0 for the first page), so a long log (a big loop) is read
     * in keyset pages over {@code event_execution_idx}.
     */
    public List<StoredEvent> events(long executionId, long afterEventId, int limit) {
        return events(executionId, afterEventId, limit, null, null);
    }

    /**
     * One page like {@link #events(long, long, int)}, keeping only the events of the step
     * {@code nodeName} and of the type {@code type} when given (null: any). Still bounded by the
     * execution id over {@code event_execution_idx}: the filters only drop rows of that range.
     */
    public List<StoredEvent> events(long executionId, long afterEventId, int limit, String nodeName, EventType type) {
        return jdbc.query("""
                SELECT event_id, execution_id, parent_event_id, event_type, node_id, node_name, node_type,
                       current_index, status, attempt, context::text AS context, result::text AS result,
                       error::text AS error, worker_id, duration_ms, created_at
                FROM event WHERE execution_id = :executionId AND event_id > :after
                  AND (CAST(:nodeName AS text) IS NULL OR node_name = :nodeName)
                  AND (CAST(:type AS text) IS NULL OR event_type = :type)
                ORDER BY event_id LIMIT :limit
                """, new MapSqlParameterSource().addValue("executionId", executionId).addValue("after", afterEventId)
                .addValue("limit", limit).addValue("nodeName", nodeName)
                .addValue("type", type == null ? null : type.code()), this::storedEvent);
    }

    /**
     * The events of one type over every execution of a run, in append order: the run's
     * {@code execution_resumed} events say how often it was resumed and from where.
     */
    public List<StoredEvent> eventsOfRun(long runId, EventType type) {
        return jdbc.query("""
                SELECT ev.event_id, ev.execution_id, ev.parent_event_id, ev.event_type, ev.node_id, ev.node_name,
                       ev.node_type, ev.current_index, ev.status, ev.attempt, ev.context::text AS context,
                       ev.result::text AS result, ev.error::text AS error, ev.worker_id, ev.duration_ms, ev.created_at
                FROM execution e JOIN event ev ON ev.execution_id = e.execution_id
                WHERE e.run_id = :runId AND ev.event_type = :type
                ORDER BY ev.event_id
                """, new MapSqlParameterSource().addValue("runId", runId).addValue("type", type.code()),
                this::storedEvent);
    }

    private StoredEvent storedEvent(ResultSet rs, int row) throws SQLException {
        return new StoredEvent(
                rs.getLong("event_id"), rs.getLong("execution_id"), (Long) rs.getObject("parent_event_id"),
                EventType.fromCode(rs.getString("event_type")), rs.getString("node_id"), rs.getString("node_name"),
                rs.getString("node_type"), (Integer) rs.getObject("current_index"), rs.getString("status"),
                (Integer) rs.getObject("attempt"), json.readMap(rs.getString("context")),
                json.read(rs.getString("result")), json.read(rs.getString("error")), rs.getString("worker_id"),
                (Long) rs.getObject("duration_ms"), rs.getTimestamp("created_at").toInstant());
    }

    /** The id of the latest event of a type for an execution (and node, when given), if any. */
    /**
     * The newest event of {@code type} about the queue node {@code nodeId} (such as {@code triage[2]})
     * of an execution: the lineage parent of what that node's outcome causes (an agent loop's tool
     * calls hang off their model turn's {@code task_completed}).
     */
    public Optional<Long> latestEventIdOfNode(long executionId, EventType type, String nodeId) {
        return jdbc.queryForList("""
                SELECT max(event_id) FROM event
                WHERE execution_id = :executionId AND event_type = :type AND node_id = :nodeId
                HAVING max(event_id) IS NOT NULL
                """, new MapSqlParameterSource().addValue("executionId", executionId).addValue("type", type.code())
                .addValue("nodeId", nodeId), Long.class).stream().findFirst();
    }

    public Optional<Long> latestEventId(long executionId, EventType type, String nodeName) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("executionId", executionId).addValue("type", type.code()).addValue("nodeName", nodeName);
        List<Long> ids = jdbc.queryForList("""
                SELECT max(event_id) FROM event
                WHERE execution_id = :executionId AND event_type = :type
                  AND (CAST(:nodeName AS varchar) IS NULL OR node_name = :nodeName)
                HAVING max(event_id) IS NOT NULL
                """, params, Long.class);
        return ids.stream().findFirst();
    }

    /**
     * The event that caused {@code nodeName} to start in this execution: the latest
     * {@code transition} into it, or {@code execution_started} for a node nothing led to
     * (the start router). This is how every {@code step_started} gets its {@code parent_event_id}.
     */
    public Optional<Long> causeOf(long executionId, String nodeName) {
        List<Long> ids = jdbc.queryForList("""
                SELECT event_id FROM event
                WHERE execution_id = :executionId
                  AND ((event_type = 'transition' AND context->>'to' = :nodeName) OR event_type = 'execution_started')
                ORDER BY (event_type = 'transition') DESC, event_id DESC
                LIMIT 1
                """, new MapSqlParameterSource().addValue("executionId", executionId).addValue("nodeName", nodeName),
                Long.class);
        return ids.stream().findFirst();
    }

    /**
     * What a step needs to know before it starts, in one query: whether the run's earlier execution
     * already carried its result over ({@code step_reused}), the event that caused it, as
     * {@link #causeOf} finds it, whether its {@code step_started} is written, and {@code idsToReserve} event ids drawn as {@link #reserveIds}
     * draws them (for a step that records its whole course as one fact, {@link #appendFact}).
     */
    public StepOpening stepOpening(long executionId, String nodeName, int idsToReserve) {
        return jdbc.queryForObject("""
                SELECT (SELECT max(event_id) FROM event
                        WHERE execution_id = :executionId AND event_type = 'step_reused'
                          AND node_name = :nodeName) AS reused,
                       (SELECT event_id FROM event
                        WHERE execution_id = :executionId
                          AND ((event_type = 'transition' AND context->>'to' = :nodeName)
                               OR event_type = 'execution_started')
                        ORDER BY (event_type = 'transition') DESC, event_id DESC
                        LIMIT 1) AS cause,
                       EXISTS (SELECT 1 FROM event
                               WHERE execution_id = :executionId AND event_type = 'step_started'
                                 AND node_name = :nodeName) AS started,
                       ARRAY(SELECT nextval(pg_get_serial_sequence('event', 'event_id'))
                             FROM generate_series(1, :count)) AS ids
                """, new MapSqlParameterSource().addValue("executionId", executionId).addValue("nodeName", nodeName)
                .addValue("count", idsToReserve),
                (rs, i) -> new StepOpening(rs.getObject("reused", Long.class) != null,
                        rs.getObject("cause", Long.class), rs.getBoolean("started"), ids(rs.getArray("ids"))));
    }

    private static List<Long> ids(Array array) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (Object id : (Object[]) array.getArray()) {
            ids.add(((Number) id).longValue());
        }
        Collections.sort(ids);
        return List.copyOf(ids);
    }

    /**
     * Appends events that are one fact, in order, in one transaction of their own, under ids drawn
     * by {@link #reserveIds} (so each may name an earlier one as its parent), and applies their
     * snapshot updates: a step's {@code step_completed} with its transitions, or the whole of a step
     * run in the manager. Safe to retry as a whole through a database outage: when the ids are
     * already written, an earlier commit wrote them all and nothing is written again (the result
     * says {@code deduplicated}). A partial unique index still holds: a second {@code step_started}
     * of a node fails the append and writes nothing.
     *
     * @throws org.springframework.dao.DataIntegrityViolationException when a unique key is taken
     */
    public List<AppendResult> appendFact(List<NewEvent> events, List<Long> reservedIds) {
        if (events.size() != reservedIds.size()) {
            throw new IllegalArgumentException(events.size() + " events for " + reservedIds.size() + " ids");
        }
        if (events.isEmpty()) {
            return List.of();
        }
        return transactions.execute(status -> writeFact(events, reservedIds));
    }

    /**
     * Records the whole course of a step that runs nothing (a router: START, END, a {@code noop}
     * without args) in one transaction of its own, opening included: unless the step was carried
     * over ({@code step_reused}) or its {@code step_started} is already written, the events
     * {@code course} builds from the step's {@link #stepOpening} (with {@code idsToReserve} ids to
     * use, in order) are appended as by {@link #appendFact}. A retry through a database outage
     * after a commit whose answer was lost finds the {@code step_started} and writes nothing again.
     *
     * @return the appended events' results; empty when this call wrote nothing (the step was carried
     *         over, or an attempt whose commit answer was lost had written it)
     */
    public List<AppendResult> appendStepCourse(long executionId, String nodeName, int idsToReserve,
            Function<StepOpening, List<NewEvent>> course) {
        return transactions.execute(status -> {
            StepOpening opening = stepOpening(executionId, nodeName, idsToReserve);
            if (opening.reused() || opening.started()) {
                return List.<AppendResult>of();
            }
            List<NewEvent> events = course.apply(opening);
            return writeFact(events, opening.reservedIds().subList(0, events.size()));
        });
    }

    private List<AppendResult> writeFact(List<NewEvent> events, List<Long> reservedIds) {
        int written = insertWithIds(events, reservedIds);
        if (written != 0 && written != events.size()) {
            throw new IllegalStateException("wrote " + written + " of " + events.size() + " events of one fact");
        }
        if (written != 0) {
            for (int i = 0; i < events.size(); i++) {
                snapshots.apply(reservedIds.get(i), events.get(i));
            }
        }
        return reservedIds.stream().map(id -> new AppendResult(id, written == 0)).toList();
    }

    /**
     * A step's opening facts ({@link #stepOpening}); {@code causeEventId} is null only for a broken
     * lineage; {@code reservedIds} ascending.
     */
    public record StepOpening(boolean reused, Long causeEventId, boolean started, List<Long> reservedIds) {
    }

    /**
     * The steps of an execution that started and have no {@code step_completed} or
     * {@code step_failed}: what was running when its manager died.
     */
    public List<OpenStep> openSteps(long executionId) {
        return jdbc.query("""
                SELECT s.event_id, s.node_name, s.node_type FROM event s
                WHERE s.execution_id = :executionId AND s.event_type = 'step_started'
                  AND NOT EXISTS (SELECT 1 FROM event f WHERE f.execution_id = s.execution_id
                                  AND f.node_name = s.node_name AND f.event_type IN ('step_completed', 'step_failed'))
                ORDER BY s.event_id
                """, Map.of("executionId", executionId), (rs, i) -> new OpenStep(rs.getLong("event_id"),
                rs.getString("node_name"), rs.getString("node_type")));
    }

    /** A step started and not finished: its {@code step_started} event, name and node type. */
    public record OpenStep(long startedEventId, String nodeName, String nodeType) {
    }

    /**
     * The result envelopes of the steps finished in an execution (completed, reused, or failed, so
     * an {@code on_failure} handler can read the failed step's error), by step name.
     */
    public Map<String, Object> stepResults(long executionId) {
        return stepResults(executionId, List.of(EventType.STEP_COMPLETED, EventType.STEP_REUSED, EventType.STEP_FAILED));
    }

    /** The result envelopes of the events of these types in an execution, by step name; a later event wins. */
    public Map<String, Object> stepResults(long executionId, List<EventType> types) {
        Map<String, Object> results = new LinkedHashMap<>();
        jdbc.query("""
                SELECT node_name, result::text AS result FROM event
                WHERE execution_id = :executionId AND event_type IN (:types)
                ORDER BY event_id
                """, new MapSqlParameterSource().addValue("executionId", executionId)
                .addValue("types", types.stream().map(EventType::code).toList()),
                rs -> { results.put(rs.getString("node_name"), json.read(rs.getString("result"))); });
        return results;
    }
}
