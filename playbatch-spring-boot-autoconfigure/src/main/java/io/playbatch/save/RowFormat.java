package io.playbatch.save;

import io.playbatch.json.JsonCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A line-per-row file format: {@code jsonl} (one JSON object per line) or {@code csv} (RFC 4180
 * quoting, a header line of column names). Stateless and thread-safe.
 */
public enum RowFormat {
    JSONL, CSV;

    /** Parses {@code jsonl} or {@code csv}; anything else is a SaveException. */
    public static RowFormat of(Object value) {
        if ("jsonl".equals(value)) {
            return JSONL;
        }
        if ("csv".equals(value)) {
            return CSV;
        }
        throw new SaveException("format must be jsonl or csv, not '" + value + "'");
    }

    /** The header line of a new file (csv only; null for jsonl). */
    public String header(List<String> columns) {
        return this == CSV ? String.join(",", columns.stream().map(RowFormat::csvField).toList()) : null;
    }

    /** One row as a line (without the line separator); csv writes {@code columns} in order. */
    public String line(Map<String, Object> row, List<String> columns, JsonCodec json) {
        if (this == JSONL) {
            return json.write(row);
        }
        List<String> fields = new ArrayList<>(columns.size());
        for (String column : columns) {
            Object value = row.get(column);
            fields.add(value == null ? "" : csvField(value instanceof Map || value instanceof List
                    ? json.write(value) : String.valueOf(value)));
        }
        return String.join(",", fields);
    }

    private static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
