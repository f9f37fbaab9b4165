package io.playbatch.metrics;

import io.playbatch.metrics.ClusterState.RecentRuns;
import io.playbatch.metrics.ClusterState.ScheduleLateness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Reads the {@link ClusterState} with aggregate, read-only queries over the queue, the executions
 * and Quartz's triggers. The tables keep their one writer each (their repositories); this is their
 * one reader for metrics, so a scrape never costs more than one refresh. Thread-safe.
 */
public class ClusterStateQuery {

    // Counts only what is not finished: done and dead rows grow without bound and say nothing of the backlog.
    private static final String TOTALS = """
            SELECT
              (SELECT count(*) FROM queue WHERE status = 'queued' AND available_at <= now()) AS ready,
              (SELECT count(*) FROM queue WHERE status = 'queued' AND available_at > now()) AS delayed,
              (SELECT count(*) FROM queue WHERE status = 'leased') AS leased,
              (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(available_at)), 0) FROM queue
                WHERE status = 'queued' AND available_at <= now()) AS oldest_ready_seconds,
              (SELECT count(*) FROM execution WHERE status IN ('STARTING', 'STARTED')) AS running
            """;

    // By creation time, which execution_created_idx covers: a bounded scan whatever the history's size.
    private static final String RECENT = """
            SELECT playbook_path, status, count(*) AS runs
            FROM execution
            WHERE created_at >= now() - make_interval(secs => :seconds)
              AND status IN ('COMPLETED', 'FAILED', 'STOPPED')
            GROUP BY playbook_path, status
            ORDER BY playbook_path, status
            """;

    // Quartz keeps next_fire_time in epoch milliseconds; a trigger that fired on time has moved it forward.
    private static final String SCHEDULES = """
            SELECT s.schedule_id, s.playbook_path,
                   GREATEST(0, EXTRACT(EPOCH FROM now()) * 1000 - t.next_fire_time) / 1000.0 AS late_seconds
            FROM schedule s
            JOIN qrtz_triggers t ON t.trigger_name = s.schedule_id AND t.trigger_group = :group
            WHERE t.trigger_state NOT LIKE 'PAUSED%' AND t.next_fire_time > 0
            ORDER BY s.schedule_id
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final Duration recentWindow;

    public ClusterStateQuery(NamedParameterJdbcTemplate jdbc, Duration recentWindow) {
        this.jdbc = jdbc;
        this.recentWindow = recentWindow;
    }

    public ClusterState read() {
        List<RecentRuns> recent = jdbc.query(RECENT, Map.of("seconds", recentWindow.toSeconds()),
                (rs, i) -> new RecentRuns(rs.getString("playbook_path"), rs.getString("status"), rs.getLong("runs")));
        // The Quartz group of every schedule trigger (ScheduleTriggers.GROUP).
        List<ScheduleLateness> schedules = jdbc.query(SCHEDULES, Map.of("group", "playbatch"),
                (rs, i) -> new ScheduleLateness(rs.getString("schedule_id"), rs.getString("playbook_path"),
                        rs.getDouble("late_seconds")));
        return jdbc.queryForObject(TOTALS, Map.of(), (rs, i) -> new ClusterState(rs.getLong("ready"),
                rs.getLong("delayed"), rs.getLong("leased"), rs.getDouble("oldest_ready_seconds"),
                rs.getLong("running"), recent, schedules));
    }
}
