package io.playbatch.save;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Writes rows (maps of column to value) into an existing table of a connection's database with one
 * batched {@code INSERT}, or {@code INSERT ... ON CONFLICT (key) DO UPDATE} for an upsert. Table,
 * column and key names are validated as identifiers and quoted; values are always bound. Nothing is
 * created implicitly: a missing table or column is a {@link SaveException} naming it. Runs in the
 * caller's transaction when there is one (a chunk), so a chunk's rows commit with its progress.
 * Each writer checks a table and a set of columns once, the first time it writes them: a chunk
 * step's writer (one per step execution) then looks up the catalog once, not once per chunk, which
 * on DuckDB cost about as much as writing the chunk. Thread-safe.
 */
public final class TableWriter {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** {@code insert} adds rows; {@code upsert} updates the row with the same key instead of failing. */
    public enum Mode { INSERT, UPSERT }

    private final NamedParameterJdbcTemplate jdbc;
    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    public TableWriter(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    /** Parses {@code insert} or {@code upsert} (null means insert); anything else is a SaveException. */
    public static Mode mode(Object value) {
        if (value == null || "insert".equals(value)) {
            return Mode.INSERT;
        }
        if ("upsert".equals(value)) {
            return Mode.UPSERT;
        }
        throw new SaveException("mode must be insert or upsert, not '" + value + "'");
    }

    /** A key given as one column name or a list of them. */
    public static List<String> key(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    /** Writes {@code rows}; returns the number of rows written. Columns are the union of the rows' keys. */
    public int write(String table, Mode mode, List<String> key, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        String qualified = qualified(table);
        if (mode == Mode.UPSERT && key.isEmpty()) {
            throw new SaveException("upsert into table " + table + " needs `key`: the column(s) of its unique key");
        }
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(row -> columns.addAll(row.keySet()));
        for (String column : columns) {
            identifier(column, "column");
        }
        for (String column : key) {
            identifier(column, "key column");
            if (!columns.contains(column)) {
                throw new SaveException("upsert into table " + table + ": key column " + column
                        + " is not in the data (its columns are " + String.join(", ", columns) + ")");
            }
        }
        String checkedTable = table + " " + columns;
        if (!checked.contains(checkedTable)) {
            checkTable(table, columns);
            checked.add(checkedTable);
        }
        String sql = sql(qualified, mode, key, List.copyOf(columns));
        SqlParameterSource[] batch = new SqlParameterSource[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            MapSqlParameterSource params = new MapSqlParameterSource();
            int index = 0;
            for (String column : columns) {
                params.addValue("c" + index++, rows.get(i).get(column));
            }
            batch[i] = params;
        }
        try {
            jdbc.batchUpdate(sql, batch);
            return rows.size();
        } catch (DataAccessException e) {
            throw new SaveException("writing to table " + table + " failed: " + e.getMostSpecificCause().getMessage(), e);
        }
    }

    private static String sql(String table, Mode mode, List<String> key, List<String> columns) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            names.add(quote(columns.get(i)));
            // Positional parameter names: column names need not be valid parameter names for Spring.
            values.add(":c" + i);
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                .append(String.join(", ", names)).append(") VALUES (").append(String.join(", ", values)).append(')');
        if (mode == Mode.UPSERT) {
            sql.append(" ON CONFLICT (").append(String.join(", ", key.stream().map(TableWriter::quote).toList()))
                    .append(")");
            List<String> updates = columns.stream().filter(c -> !key.contains(c))
                    .map(c -> quote(c) + " = EXCLUDED." + quote(c)).toList();
            sql.append(updates.isEmpty() ? " DO NOTHING" : " DO UPDATE SET " + String.join(", ", updates));
        }
        return sql.toString();
    }

    /**
     * Checks the table and its columns exist before writing, so the error names what is missing
     * (PostgreSQL's own message does not say Playbatch never creates tables).
     */
    private void checkTable(String table, Set<String> columns) {
        String[] parts = table.split("\\.", 2);
        String schema = parts.length == 2 ? parts[0] : null;
        String name = parts.length == 2 ? parts[1] : parts[0];
        String product = jdbc.getJdbcTemplate().execute((ConnectionCallback<String>) connection ->
                connection.getMetaData().getDatabaseProductName());
        List<String> existing = "PostgreSQL".equals(product) ? postgresColumns(schema, name)
                : jdbc.getJdbcTemplate().execute((ConnectionCallback<List<String>>) connection ->
                        metaDataColumns(connection, schema, name));
        if (existing.isEmpty()) {
            throw new SaveException("table " + table + " does not exist; Playbatch creates nothing implicitly:"
                    + " create it first (for example with a sql step)");
        }
        for (String column : columns) {
            if (!existing.contains(column)) {
                throw new SaveException("table " + table + " has no column " + column
                        + "; Playbatch creates nothing implicitly: add the column or drop the field from the data"
                        + " (the table's columns are " + String.join(", ", existing) + ")");
            }
        }
    }

    /** On PostgreSQL, an unqualified table is looked up along the whole {@code search_path}, as PostgreSQL would. */
    private List<String> postgresColumns(String schema, String name) {
        return jdbc.queryForList("""
                SELECT column_name FROM information_schema.columns
                WHERE table_name = :name
                  AND (CAST(:schema AS text) IS NULL AND table_schema = ANY (current_schemas(false))
                       OR table_schema = CAST(:schema AS text))
                """, new MapSqlParameterSource().addValue("name", name).addValue("schema", schema), String.class);
    }

    /** Elsewhere (DuckDB, a named connection's database), an unqualified table is one of the connection's schema. */
    private static List<String> metaDataColumns(Connection connection, String schema, String name)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        DatabaseMetaData metaData = connection.getMetaData();
        // The names are patterns, in which _ matches any character.
        String escape = metaData.getSearchStringEscape();
        String schemaName = schema == null ? connection.getSchema() : schema;
        try (ResultSet rows = metaData.getColumns(connection.getCatalog(),
                schemaName == null ? null : schemaName.replace("_", escape + "_"), name.replace("_", escape + "_"),
                null)) {
            while (rows.next()) {
                columns.add(rows.getString("COLUMN_NAME"));
            }
        }
        return columns;
    }

    private static String qualified(String table) {
        if (table == null || table.isBlank()) {
            throw new SaveException("no table named: set `table`");
        }
        String[] parts = table.split("\\.", -1);
        if (parts.length > 2) {
            throw new SaveException("table " + table + " is not a table name: write `table` or `schema.table`");
        }
        List<String> quoted = new ArrayList<>();
        for (String part : parts) {
            quoted.add(quote(identifier(part, "table name")));
        }
        return String.join(".", quoted);
    }

    private static String identifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new SaveException(what + " '" + name + "' is not a valid identifier: use letters, digits and _,"
                    + " starting with a letter or _ (at most 63 characters)");
        }
        return name;
    }

    private static String quote(String identifier) {
        return '"' + identifier + '"';
    }
}
