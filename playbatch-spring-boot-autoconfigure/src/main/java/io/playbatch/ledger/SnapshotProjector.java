package io.playbatch.ledger;

import io.playbatch.json.JsonCodec;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies the snapshot updates an event implies (docs/snapshots.md): the execution row's status and
 * times, the workload, workbook and workflow snapshots, and the transition table. Called by
 * {@link EventLedger} inside the event's transaction, so a snapshot never disagrees with the log;
 * snapshots are a pure function of the events, which {@code playbatch verify} checks by replaying.
 */
@Component
public class SnapshotProjector {

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonCodec json;

    public SnapshotProjector(NamedParameterJdbcTemplate jdbc, JsonCodec json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Whether events of this type update a snapshot. Those that do not (task, queue and loop events)
     * may be appended in bulk; {@link #apply} ignores them.
     */
    public boolean affects(EventType type) {
        return switch (type) {
            case EXECUTION_STARTED, STEP_STARTED, STEP_COMPLETED, STEP_FAILED, STEP_SKIPPED, STEP_REUSED, TRANSITION,
                    EXECUTION_COMPLETE, EXECUTION_ABANDONED -> true;
            default -> false;
        };
    }

    @SuppressWarnings("unchecked")
    public void apply(long eventId, NewEvent event) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("executionId", event.executionId())
                .addValue("eventId", eventId)
                .addValue("nodeName", event.nodeName())
                .addValue("status", event.status());
        Map<String, Object> context = event.context() == null ? Map.of() : event.context();
        switch (event.type()) {
            case EXECUTION_STARTED -> {
                jdbc.update("""
                        UPDATE execution SET status = 'STARTED',
                               started_at = (SELECT created_at FROM event WHERE event_id = :eventId)
                        WHERE execution_id = :executionId
                        """, p);
                p.addValue("workload", json.write(context.getOrDefault("workload", Map.of())));
                jdbc.update("""
                        INSERT INTO workload (execution_id, data, event_id)
                        VALUES (:executionId, CAST(:workload AS jsonb), :eventId)
                        ON CONFLICT (execution_id) DO UPDATE SET data = EXCLUDED.data, event_id = EXCLUDED.event_id
                        """, p);
                Map<String, Object> workbook = (Map<String, Object>) context.getOrDefault("workbook", Map.of());
                workbook.forEach((task, definition) -> jdbc.update("""
                        INSERT INTO workbook (execution_id, task_name, definition, event_id)
                        VALUES (:executionId, :task, CAST(:definition AS jsonb), :eventId)
                        ON CONFLICT (execution_id, task_name) DO NOTHING
                        """, new MapSqlParameterSource(p.getValues()).addValue("task", task)
                        .addValue("definition", json.write(definition))));
                List<Map<String, Object>> workflow =
                        (List<Map<String, Object>>) context.getOrDefault("workflow", List.of());
                for (Map<String, Object> step : workflow) {
                    jdbc.update("""
                            INSERT INTO workflow (execution_id, step_name, definition, status, last_event_id)
                            VALUES (:executionId, :step, CAST(:definition AS jsonb), 'pending', :eventId)
                            ON CONFLICT (execution_id, step_name) DO NOTHING
                            """, new MapSqlParameterSource(p.getValues()).addValue("step", step.get("name"))
                            .addValue("definition", json.write(step.get("definition"))));
                }
            }
            case STEP_STARTED -> stepStatus(p, "started", true, false);
            case STEP_COMPLETED -> stepStatus(p, "completed", false, true);
            case STEP_FAILED -> stepStatus(p, "failed", false, true);
            case STEP_SKIPPED -> stepStatus(p, "skipped", false, false);
            case STEP_REUSED -> stepStatus(p, "reused", false, false);
            case TRANSITION -> jdbc.update("""
                    INSERT INTO transition (execution_id, from_step, to_step, condition, event_id, created_at)
                    SELECT :executionId, :from, :to, :condition, event_id, created_at FROM event WHERE event_id = :eventId
                    ON CONFLICT (execution_id, from_step, to_step) DO NOTHING
                    """, p.addValue("from", context.get("from")).addValue("to", context.get("to"))
                    .addValue("condition", context.get("condition")));
            case EXECUTION_COMPLETE -> jdbc.update("""
                    UPDATE execution SET status = :status, result = CAST(:result AS jsonb), error = CAST(:error AS jsonb),
                           ended_at = (SELECT created_at FROM event WHERE event_id = :eventId)
                    WHERE execution_id = :executionId
                    """, p.addValue("result", json.write(event.result())).addValue("error", json.write(event.error())));
            case EXECUTION_ABANDONED -> jdbc.update(
                    "UPDATE execution SET status = 'ABANDONED' WHERE execution_id = :executionId", p);
            default -> {
                // Task, queue and loop events are the fine grain of the log; no snapshot summarises them.
            }
        }
    }

    private void stepStatus(MapSqlParameterSource p, String status, boolean start, boolean end) {
        jdbc.update("""
                UPDATE workflow SET status = :stepStatus, last_event_id = :eventId,
                       started_at = CASE WHEN :start THEN (SELECT created_at FROM event WHERE event_id = :eventId) ELSE started_at END,
                       ended_at = CASE WHEN :end THEN (SELECT created_at FROM event WHERE event_id = :eventId) ELSE ended_at END
                WHERE execution_id = :executionId AND step_name = :nodeName
                """, p.addValue("stepStatus", status).addValue("start", start).addValue("end", end));
    }
}
