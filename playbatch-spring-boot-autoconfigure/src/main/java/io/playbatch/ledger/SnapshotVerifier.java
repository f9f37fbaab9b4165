package io.playbatch.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks that an execution's snapshots are the pure function of its events they must be: inside
 * one transaction that is always rolled back, it reads the stored snapshots, clears them, replays
 * every event through the same {@link SnapshotProjector} the ledger uses, reads the rebuilt
 * snapshots and reports every difference. Nothing is ever changed. The events are read in pages, so
 * the heap it needs does not grow with the execution's events.
 */
@Component
public class SnapshotVerifier {

    private static final Map<String, String> SNAPSHOTS = Map.of(
            "execution", """
                    SELECT 'execution' AS snapshot, execution_id::text AS key, status, started_at::text AS started,
                           ended_at::text AS ended, result::text AS result, error::text AS error
                    FROM execution WHERE execution_id = :executionId""",
            "workload", """
                    SELECT 'workload' AS snapshot, execution_id::text AS key, data::text AS data, event_id
                    FROM workload WHERE execution_id = :executionId""",
            "workbook", """
                    SELECT 'workbook' AS snapshot, task_name AS key, definition::text AS definition, event_id
                    FROM workbook WHERE execution_id = :executionId ORDER BY task_name""",
            "workflow", """
                    SELECT 'workflow' AS snapshot, step_name AS key, definition::text AS definition, status,
                           last_event_id, started_at::text AS started, ended_at::text AS ended
                    FROM workflow WHERE execution_id = :executionId ORDER BY step_name""",
            "transition", """
                    SELECT 'transition' AS snapshot, from_step || ' -> ' || to_step AS key, condition, event_id,
                           created_at::text AS created
                    FROM transition WHERE execution_id = :executionId ORDER BY from_step, to_step""");

    private static final int REPLAY_PAGE = 5_000;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventLedger ledger;
    private final SnapshotProjector projector;

    public SnapshotVerifier(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, EventLedger ledger,
            SnapshotProjector projector) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.ledger = ledger;
        this.projector = projector;
    }

    /** @return one line per difference between stored and rebuilt snapshots; empty when they agree */
    public List<String> verify(long executionId) {
        return transactions.execute(status -> {
            status.setRollbackOnly();
            Map<String, Object> key = Map.of("executionId", executionId);
            List<Map<String, Object>> stored = snapshotRows(key);
            jdbc.update("DELETE FROM transition WHERE execution_id = :executionId", key);
            jdbc.update("DELETE FROM workflow WHERE execution_id = :executionId", key);
            jdbc.update("DELETE FROM workbook WHERE execution_id = :executionId", key);
            jdbc.update("DELETE FROM workload WHERE execution_id = :executionId", key);
            jdbc.update("""
                    UPDATE execution SET status = 'STARTING', started_at = NULL, ended_at = NULL, result = NULL,
                           error = NULL
                    WHERE execution_id = :executionId""", key);
            // In keyset pages: a loop of 100,000s of iterations has as many events, never all in memory at once.
            List<StoredEvent> page;
            long after = 0;
            while (!(page = ledger.events(executionId, after, REPLAY_PAGE)).isEmpty()) {
                for (StoredEvent event : page) {
                    projector.apply(event.eventId(), new NewEvent(event.executionId(), event.parentEventId(),
                            event.type(), event.nodeId(), event.nodeName(), event.nodeType(), event.currentIndex(),
                            event.status(), event.attempt(), event.context(), event.result(), event.error(),
                            event.workerId(), event.durationMs()));
                }
                after = page.get(page.size() - 1).eventId();
            }
            return differences(stored, snapshotRows(key));
        });
    }

    private List<Map<String, Object>> snapshotRows(Map<String, Object> key) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String snapshot : List.of("execution", "workload", "workbook", "workflow", "transition")) {
            rows.addAll(jdbc.queryForList(SNAPSHOTS.get(snapshot), key));
        }
        return rows;
    }

    private static List<String> differences(List<Map<String, Object>> stored, List<Map<String, Object>> rebuilt) {
        List<String> differences = new ArrayList<>();
        for (Map<String, Object> row : stored) {
            Map<String, Object> twin = find(rebuilt, row);
            if (twin == null) {
                differences.add(label(row) + ": stored but not implied by any event");
                continue;
            }
            row.forEach((column, value) -> {
                if (!Objects.equals(String.valueOf(value), String.valueOf(twin.get(column)))) {
                    differences.add(label(row) + ": " + column + " is " + value + " but the events say "
                            + twin.get(column));
                }
            });
        }
        for (Map<String, Object> row : rebuilt) {
            if (find(stored, row) == null) {
                differences.add(label(row) + ": implied by the events but missing");
            }
        }
        return differences;
    }

    private static Map<String, Object> find(List<Map<String, Object>> rows, Map<String, Object> like) {
        return rows.stream().filter(r -> r.get("snapshot").equals(like.get("snapshot"))
                && Objects.equals(r.get("key"), like.get("key"))).findFirst().orElse(null);
    }

    private static String label(Map<String, Object> row) {
        return row.get("snapshot") + " " + row.get("key");
    }
}
