package io.playbatch.json;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import java.util.Map;

/**
 * Converts JSON-like values (maps, lists, strings, numbers, booleans, null) to and from JSON text,
 * for {@code jsonb} columns and {@code --json} output. Thread-safe.
 */
public final class JsonCodec {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final JsonMapper mapper;

    public JsonCodec() {
        this.mapper = JsonMapper.builder().build();
    }

    /** JSON text of {@code value}, or null for null (a SQL NULL, not a JSON null). */
    public String write(Object value) {
        return value == null ? null : mapper.writeValueAsString(value);
    }

    public String writePretty(Object value) {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }

    /** The JSON-like value of {@code json}, or null for null. */
    public Object read(String json) {
        return json == null ? null : mapper.readValue(json, Object.class);
    }

    public Map<String, Object> readMap(String json) {
        return json == null ? null : mapper.readValue(json, MAP);
    }
}
