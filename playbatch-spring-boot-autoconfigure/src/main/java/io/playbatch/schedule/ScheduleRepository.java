package io.playbatch.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SQL home of {@code schedule}. Rows follow the registered revision of their playbook: upserted
 * by position, the ones past the new count deleted. Thread-safe.
 */
@Repository
public class ScheduleRepository {

    private static final String SELECT = """
            SELECT schedule_id, playbook_path, position, cron, quartz_cron, timezone, missed, overlap, active_since
            FROM schedule
            """;

    private final NamedParameterJdbcTemplate jdbc;

    public ScheduleRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or updates the row; {@code active_since} is kept when the row exists. */
    public void upsert(ScheduleRecord schedule) {
        jdbc.update("""
                INSERT INTO schedule (schedule_id, playbook_path, position, cron, quartz_cron, timezone, missed, overlap)
                VALUES (:id, :path, :position, :cron, :quartz, :timezone, :missed, :overlap)
                ON CONFLICT (schedule_id) DO UPDATE SET cron = EXCLUDED.cron, quartz_cron = EXCLUDED.quartz_cron,
                    timezone = EXCLUDED.timezone, missed = EXCLUDED.missed, overlap = EXCLUDED.overlap
                """, new MapSqlParameterSource().addValue("id", schedule.scheduleId())
                .addValue("path", schedule.playbookPath()).addValue("position", schedule.position())
                .addValue("cron", schedule.cron()).addValue("quartz", schedule.quartzCron())
                .addValue("timezone", schedule.timezone()).addValue("missed", schedule.missed())
                .addValue("overlap", schedule.overlap()));
    }

    /** Deletes the playbook's schedules at {@code position >= count}; returns their ids. */
    public List<String> deleteFrom(String playbookPath, int count) {
        return jdbc.queryForList("DELETE FROM schedule WHERE playbook_path = :path AND position >= :count"
                + " RETURNING schedule_id", Map.of("path", playbookPath, "count", count), String.class);
    }

    /** Ticks before now are no longer "missed" (on resume). */
    public void activateNow(String scheduleId) {
        jdbc.update("UPDATE schedule SET active_since = now() WHERE schedule_id = :id", Map.of("id", scheduleId));
    }

    public Optional<ScheduleRecord> find(String scheduleId) {
        return jdbc.query(SELECT + " WHERE schedule_id = :id", Map.of("id", scheduleId), ScheduleRepository::map)
                .stream().findFirst();
    }

    /** Every schedule, by playbook path and position. */
    public List<ScheduleRecord> list() {
        return jdbc.query(SELECT + " ORDER BY playbook_path, position", Map.of(), ScheduleRepository::map);
    }

    private static ScheduleRecord map(ResultSet rs, int row) throws SQLException {
        return new ScheduleRecord(rs.getString("schedule_id"), rs.getString("playbook_path"), rs.getInt("position"),
                rs.getString("cron"), rs.getString("quartz_cron"), rs.getString("timezone"), rs.getString("missed"),
                rs.getString("overlap"), rs.getTimestamp("active_since").toInstant());
    }
}
