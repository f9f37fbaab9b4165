package io.playbatch.schedule;

import io.playbatch.database.OutageTolerantTransactionTemplate;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SQL home of {@code schedule_fire}: one row per tick a schedule fired. A tick is claimed by
 * inserting its row before any run starts; the unique index on (schedule, tick) makes the second
 * claim of a tick fail, whichever process makes it, so a tick never starts two runs (backfills
 * excepted: an operator asked again). Thread-safe.
 */
@Repository
public class ScheduleFires {

    /** How long a tick left {@code starting} (its process died while starting the run) blocks overlap. */
    static final Duration STARTING_LAPSE = Duration.ofMinutes(5);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public ScheduleFires(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.transactions = new OutageTolerantTransactionTemplate(transactionManager);
        this.jdbc = jdbc;
    }

    /**
     * Claims the tick for {@code claimant} (a token of this firing); empty when it was already
     * claimed (a duplicate fire, to skip).
     */
    public Optional<Long> claim(String scheduleId, Instant tick, String firedBy, String claimant) {
        return jdbc.queryForList("""
                INSERT INTO schedule_fire (schedule_id, tick_at, fired_by, outcome, claimant)
                VALUES (:id, :tick, :by, 'claimed', :claimant)
                ON CONFLICT (schedule_id, tick_at) WHERE fired_by <> 'backfill' DO NOTHING
                RETURNING fire_id
                """, new MapSqlParameterSource().addValue("id", scheduleId).addValue("tick", Timestamp.from(tick))
                .addValue("by", firedBy).addValue("claimant", claimant), Long.class).stream().findFirst();
    }

    /**
     * Gives a tick that is still {@code claimed} or {@code queued} (its holder never started the run)
     * to {@code claimant}, back in {@code claimed}: Quartz's recovery of a firing whose process
     * died. Empty when the tick has no such row (it started, was skipped or failed, or was never fired).
     */
    public Optional<Long> takeOver(String scheduleId, Instant tick, String claimant) {
        return jdbc.queryForList("""
                UPDATE schedule_fire SET claimant = :claimant, outcome = 'claimed'
                WHERE schedule_id = :id AND tick_at = :tick AND fired_by <> 'backfill'
                  AND outcome IN ('claimed', 'queued')
                RETURNING fire_id
                """, new MapSqlParameterSource().addValue("id", scheduleId).addValue("tick", Timestamp.from(tick))
                .addValue("claimant", claimant), Long.class).stream().findFirst();
    }

    /**
     * Commits {@code claimant} to starting the tick's run: {@code claimed} or {@code queued} becomes
     * {@code starting} only while the tick is still its own. False when another firing took it over.
     */
    public boolean begin(long fireId, String claimant) {
        return jdbc.update("""
                UPDATE schedule_fire SET outcome = 'starting', starting_at = clock_timestamp()
                WHERE fire_id = :id AND claimant = :claimant AND outcome IN ('claimed', 'queued')
                """, new MapSqlParameterSource().addValue("id", fireId).addValue("claimant", claimant)) == 1;
    }

    /**
     * {@link #begin} unless another tick of the schedule runs or is being started (overlap
     * {@code skip} and {@code queue}): the check and the begin happen under a lock on the
     * schedule, so two ticks fired at once (a catch-up of several missed ticks, a queued tick and a
     * fresh one) cannot both see nothing running and both start. A tick left {@code starting} by a
     * process that died there counts as running for {@link #STARTING_LAPSE} only.
     */
    public Begin beginUnlessRunning(String scheduleId, long fireId, String claimant) {
        return transactions.execute(status -> {
            jdbc.query("SELECT pg_advisory_xact_lock(hashtext(:id))", Map.of("id", "schedule_fire:" + scheduleId),
                    rs -> { });
            List<String> running = jdbc.queryForList("""
                    SELECT CASE WHEN e.execution_id IS NOT NULL THEN 'execution ' || e.execution_id
                                ELSE 'the run of tick ' || f.tick_at || ' that is starting' END
                    FROM schedule_fire f LEFT JOIN execution e ON e.execution_id = f.execution_id
                                                            AND e.status IN ('STARTING', 'STARTED')
                    WHERE f.schedule_id = :id AND f.fire_id <> :fire
                      AND (e.execution_id IS NOT NULL
                           OR f.outcome = 'starting' AND f.starting_at > clock_timestamp() - :lapse * INTERVAL '1 second')
                    LIMIT 1
                    """, new MapSqlParameterSource().addValue("id", scheduleId).addValue("fire", fireId)
                    .addValue("lapse", STARTING_LAPSE.toSeconds()), String.class);
            if (!running.isEmpty()) {
                return new Begin(false, running.get(0));
            }
            return new Begin(begin(fireId, claimant), null);
        });
    }

    /**
     * What {@link #beginUnlessRunning} did: {@code begun}; or not, because {@code runningWhat} runs
     * (an execution, or a tick being started); or neither, when another firing took the tick over.
     */
    public record Begin(boolean begun, String runningWhat) {
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


    /** The latest tick the scheduler handled (fired, skipped or failed) before {@code before}, if any. */
    public Optional<Instant> lastTick(String scheduleId, Instant before) {
        Timestamp last = jdbc.queryForObject("SELECT max(tick_at) FROM schedule_fire WHERE schedule_id = :id"
                + " AND fired_by <> 'backfill' AND fired_at < :before", new MapSqlParameterSource()
                .addValue("id", scheduleId).addValue("before", Timestamp.from(before)), Timestamp.class);
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
