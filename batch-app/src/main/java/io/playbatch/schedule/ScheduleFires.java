package io.playbatch.schedule;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SQL home of {@code schedule_fire}: one row per tick a schedule fired. A tick is claimed by
 * inserting its row before any run starts; the unique index on (schedule, tick) makes the second
 * claim of a tick fail, whichever process makes it, so a tick never starts two runs (backfills
 * excepted: an operator asked again). Thread-safe.
 */
@Repository
public class ScheduleFires {

    private final NamedParameterJdbcTemplate jdbc;

    public ScheduleFires(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the tick; empty when it was already claimed (a duplicate fire, to skip). */
    public Optional<Long> claim(String scheduleId, Instant tick, String firedBy) {
        return jdbc.queryForList("""
                INSERT INTO schedule_fire (schedule_id, tick_at, fired_by, outcome)
                VALUES (:id, :tick, :by, 'claimed')
                ON CONFLICT (schedule_id, tick_at) WHERE fired_by <> 'backfill' DO NOTHING
                RETURNING fire_id
                """, new MapSqlParameterSource().addValue("id", scheduleId).addValue("tick", Timestamp.from(tick))
                .addValue("by", firedBy), Long.class).stream().findFirst();
    }

    public void finish(long fireId, String outcome, Long executionId, String message) {
        jdbc.update("UPDATE schedule_fire SET outcome = :outcome, execution_id = :execution, message = :message"
                + " WHERE fire_id = :id", new MapSqlParameterSource().addValue("id", fireId).addValue("outcome", outcome)
                .addValue("execution", executionId).addValue("message", message));
    }

    /** Marks the fire as the one waiting for the previous run; false when another tick already waits. */
    public boolean queue(long fireId) {
        try {
            return jdbc.update("UPDATE schedule_fire SET outcome = 'queued' WHERE fire_id = :id",
                    Map.of("id", fireId)) == 1;
        } catch (DuplicateKeyException anotherWaits) {
            return false;
        }
    }

    /** Executions started by the schedule that are still STARTING or STARTED. */
    public List<Long> running(String scheduleId) {
        return jdbc.queryForList("""
                SELECT e.execution_id FROM schedule_fire f JOIN execution e ON e.execution_id = f.execution_id
                WHERE f.schedule_id = :id AND e.status IN ('STARTING', 'STARTED')
                """, Map.of("id", scheduleId), Long.class);
    }

    /** The latest tick the scheduler handled (fired, skipped or failed), if any. */
    public Optional<Instant> lastTick(String scheduleId) {
        Timestamp last = jdbc.queryForObject("SELECT max(tick_at) FROM schedule_fire WHERE schedule_id = :id"
                + " AND fired_by <> 'backfill'", Map.of("id", scheduleId), Timestamp.class);
        return Optional.ofNullable(last).map(Timestamp::toInstant);
    }

    /** Whether a run was started for the tick (by any means). */
    public boolean hasRun(String scheduleId, Instant tick) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM schedule_fire WHERE schedule_id = :id AND tick_at = :tick
                               AND execution_id IS NOT NULL)
                """, new MapSqlParameterSource().addValue("id", scheduleId).addValue("tick", Timestamp.from(tick)),
                Boolean.class));
    }

    /** The schedule's latest fire, if any. */
    public Optional<Fire> latest(String scheduleId) {
        return jdbc.query("""
                SELECT tick_at, fired_by, outcome, execution_id, message FROM schedule_fire
                WHERE schedule_id = :id ORDER BY fire_id DESC LIMIT 1
                """, Map.of("id", scheduleId), (rs, i) -> new Fire(rs.getTimestamp("tick_at").toInstant(),
                rs.getString("fired_by"), rs.getString("outcome"), (Long) rs.getObject("execution_id"),
                rs.getString("message"))).stream().findFirst();
    }

    /** One fired tick and what became of it. */
    public record Fire(Instant tickAt, String firedBy, String outcome, Long executionId, String message) {
    }
}
