package io.playbatch.tasks;

import io.playbatch.connections.ConnectionRegistry;
import io.playbatch.connections.UnknownConnectionException;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code sql}: runs {@code args.query} (returns the rows as a list of maps) or {@code args.statement}
 * (returns {@code {updated: n}}) on the connection {@code args.connection} ({@code default},
 * Playbatch's own database, or a named one of docs/connections.md), each statement committed by
 * itself. {@code args.params} are bound as JDBC parameters ({@code :name} in
 * the SQL), never spliced into the SQL text.
 */
@Component
public class SqlTask implements Task {

    private final ConnectionRegistry connections;

    public SqlTask(ConnectionRegistry connections) {
        this.connections = connections;
    }

    @Override
    public String type() {
        return "sql";
    }

    @Override
    public Object run(RenderedTask task, TaskContext context) {
        Map<String, Object> args = task.args();
        NamedParameterJdbcTemplate jdbc;
        try {
            jdbc = new NamedParameterJdbcTemplate(connections.connection(
                    String.valueOf(args.getOrDefault("connection", "default"))).dataSource());
        } catch (UnknownConnectionException e) {
            throw new TaskFailure("bad_args", "sql task: " + e.getMessage(), e);
        }
        Object query = args.get("query");
        Object statement = args.get("statement");
        if ((query == null) == (statement == null)) {
            throw new TaskFailure("bad_args", "sql task needs exactly one of args.query (rows) or args.statement (update count)");
        }
        Map<String, Object> params = params(args.get("params"));
        try {
            if (query != null) {
                List<Map<String, Object>> rows = jdbc.queryForList(String.valueOf(query), params);
                return rows.stream().map(SqlTask::jsonRow).toList();
            }
            return Map.of("updated", jdbc.update(String.valueOf(statement), params));
        } catch (DataAccessException e) {
            throw new TaskFailure("sql_error", e.getMostSpecificCause().getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(Object params) {
        if (params == null) {
            return Map.of();
        }
        if (params instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new TaskFailure("bad_args", "sql task: args.params must be a mapping of parameter name to value");
    }

    /** Column values become JSON-friendly: timestamps and other JDBC types as their text. */
    private static Map<String, Object> jsonRow(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((column, value) -> out.put(column, jsonValue(value)));
        return out;
    }

    private static Object jsonValue(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        return value.toString();
    }
}
