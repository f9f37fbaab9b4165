package io.playbatch.runtime;

import io.playbatch.compiler.ir.McpResourceSpec;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.EventLedger;
import io.playbatch.render.RenderContext;
import io.playbatch.secrets.SecretReferences;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds the render context of a step from the ledger, the single source of truth: the execution's
 * workload snapshot, the result envelopes of the steps completed so far, the data of the MCP
 * resources read so far ({@code resources}), the execution's ids and the start of its run (the
 * first execution's, kept by restarts, as {@code runStartedAt}), and {@code secrets}, which
 * yields references to secrets, never their values.
 */
@Component
public class RunContextLoader {

    private final NamedParameterJdbcTemplate jdbc;
    private final EventLedger ledger;
    private final JsonCodec json;

    public RunContextLoader(NamedParameterJdbcTemplate jdbc, EventLedger ledger, JsonCodec json) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.json = json;
    }

    public RenderContext load(long executionId, String playbook, String step) {
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT e.run_id, e.parent_execution_id, e.playbook_path, w.data::text AS workload,
                       (SELECT to_char(min(r.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                        FROM execution r WHERE r.run_id = e.run_id) AS run_started_at,
                       (SELECT count(*) FROM execution r WHERE r.run_id = e.run_id AND r.execution_id <= e.execution_id) AS attempt
                FROM execution e LEFT JOIN workload w ON w.execution_id = e.execution_id
                WHERE e.execution_id = :executionId
                """, Map.of("executionId", executionId));
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("id", executionId);
        execution.put("runId", row.get("run_id"));
        execution.put("parentId", row.get("parent_execution_id"));
        execution.put("playbook", row.get("playbook_path"));
        execution.put("attempt", ((Number) row.get("attempt")).intValue());
        // The same form as $fn.now(): ISO-8601 in UTC with milliseconds.
        execution.put("runStartedAt", row.get("run_started_at"));
        Map<String, Object> variables = new LinkedHashMap<>();
        Object workload = json.read((String) row.get("workload"));
        variables.put("workload", workload == null ? Map.of() : workload);
        Map<String, Object> steps = ledger.stepResults(executionId);
        variables.put("steps", steps);
        variables.put("resources", resources(steps));
        variables.put("execution", execution);
        // References only: rendering never sees a secret's value (docs/secrets.md).
        variables.put("secrets", new SecretReferences());
        return new RenderContext(playbook, step, variables);
    }

    /**
     * {@code $resources.NAME}: the {@code data} of each implicit resource read ({@code resource:NAME},
     * docs/mcp.md#runtime-task-types) finished so far, that is {@code {uri, mime_type, text}} or a blob's fields.
     */
    private static Map<String, Object> resources(Map<String, Object> steps) {
        Map<String, Object> resources = new LinkedHashMap<>();
        steps.forEach((name, envelope) -> {
            if (McpResourceSpec.isResourceNode(name) && envelope instanceof Map<?, ?> map) {
                resources.put(name.substring(McpResourceSpec.NODE_PREFIX.length()), map.get("data"));
            }
        });
        return resources;
    }
}
