package io.playbatch.save;

import io.playbatch.connections.ConnectionRegistry;
import io.playbatch.connections.NamedConnection;
import io.playbatch.connections.UnknownConnectionException;
import io.playbatch.json.JsonCodec;
import io.playbatch.secrets.SecretUnavailableException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Runs a step's {@code save} (docs/dsl.md#save): writes the task's {@code data} (one map or a list of
 * maps; never the envelope) to a table ({@code to: table}, see {@link TableWriter}) of the
 * connection {@code connection} ({@code default} or a named one, docs/connections.md) or appends it to
 * a file ({@code to: file}, {@code jsonl} or {@code csv}; a csv header is written only when the file
 * is new or empty; missing parent directories are created). The save settings arrive rendered.
 * Every problem is a {@link SaveException} whose message says what to fix. Thread-safe.
 */
@Component
public class DataSaver {

    private final ConnectionRegistry connections;
    private final JsonCodec json;

    public DataSaver(ConnectionRegistry connections, JsonCodec json) {
        this.connections = connections;
        this.json = json;
    }

    /** Saves {@code data} as {@code save} says; returns the number of rows written. */
    public int save(Map<String, Object> save, Object data) {
        List<Map<String, Object>> rows = rows(data);
        Object to = save.get("to");
        if ("table".equals(to)) {
            NamedConnection connection;
            try {
                connection = connections.connection(String.valueOf(save.getOrDefault("connection", "default")));
            } catch (UnknownConnectionException | SecretUnavailableException e) {
                throw new SaveException(e.getMessage(), e);
            }
            TableWriter tables = new TableWriter(connection.dataSource());
            // A named connection commits the rows in one transaction of its own; default writes as it always did,
            // in the caller's transaction when there is one (docs/connections.md#transactions).
            return connection.write(() -> tables.write(string(save.get("table"), "table"),
                    TableWriter.mode(save.get("mode")), TableWriter.key(save.get("key")), rows));
        }
        if ("file".equals(to)) {
            return appendToFile(Path.of(string(save.get("path"), "path")), RowFormat.of(save.get("format")), rows);
        }
        throw new SaveException("`to` must be table or file, not '" + to + "'");
    }

    /** {@link #save(Map, Object)} of data given as JSON text (a loop's results, built by the database). */
    public int saveJson(Map<String, Object> save, String data) {
        return save(save, json.read(data));
    }

    private int appendToFile(Path path, RowFormat format, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        LinkedHashSet<String> union = new LinkedHashSet<>();
        rows.forEach(row -> union.addAll(row.keySet()));
        List<String> columns = List.copyOf(union);
        try {
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
            boolean fresh = !Files.exists(path) || Files.size(path) == 0;
            try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                String header = format.header(columns);
                if (fresh && header != null) {
                    out.write(header);
                    out.write('\n');
                }
                for (Map<String, Object> row : rows) {
                    out.write(format.line(row, columns, json));
                    out.write('\n');
                }
            }
            return rows.size();
        } catch (IOException e) {
            throw new SaveException("cannot write file " + path + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Object data) {
        if (data == null) {
            return List.of();
        }
        if (data instanceof Map<?, ?> map) {
            return List.of((Map<String, Object>) map);
        }
        if (data instanceof List<?> list) {
            List<Map<String, Object>> rows = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> row)) {
                    throw new SaveException("save writes rows: data[" + i + "] is " + describe(list.get(i))
                            + ", not a mapping of column to value");
                }
                rows.add((Map<String, Object>) row);
            }
            return rows;
        }
        throw new SaveException("save writes rows: the task's data is " + describe(data)
                + "; it must be a mapping of column to value or a list of them");
    }

    private static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getSimpleName() + " (" + value + ")";
    }

    private static String string(Object value, String key) {
        if (value == null || String.valueOf(value).isBlank()) {
            throw new SaveException("`" + key + "` is required");
        }
        return String.valueOf(value);
    }
}
