package io.playbatch.web;

import io.playbatch.json.JsonCodec;
import io.playbatch.operate.WorkloadRejectedException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The console's launch form of a playbook: one field per workload entry, typed by the playbook's
 * {@code metadata.mcp.input_schema} when it has one (its {@code properties}, their {@code type},
 * {@code description} and {@code required}), otherwise by the default value's JSON type. Objects and
 * arrays are JSON text areas. Reading the posted form back ({@link #workload}) keeps only the form's
 * own fields and leaves an empty field out, so the playbook's default applies. Pure, no queries.
 */
public record LaunchForm(List<Field> fields) {

    /** The prefix of a field's form parameter, so that workload names never collide with other parameters. */
    public static final String PARAMETER_PREFIX = "w.";

    /** How a field is edited and read back: its JSON type. */
    public enum Kind {
        STRING, INTEGER, NUMBER, BOOLEAN, JSON;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One workload entry: its name, kind, the default as the form shows it, the schema's description, whether required. */
    public record Field(String name, Kind kind, String value, String description, boolean required) {

        public String parameter() {
            return PARAMETER_PREFIX + name;
        }
    }

    public LaunchForm {
        fields = List.copyOf(fields);
    }

    /** The form of a playbook whose default workload is {@code workload} and input schema {@code inputSchema} (null: none). */
    public static LaunchForm of(Map<String, Object> workload, Map<String, Object> inputSchema, JsonCodec json) {
        Map<String, Object> properties = inputSchema != null && inputSchema.get("properties") instanceof Map<?, ?> p
                ? stringKeys(p) : Map.of();
        Set<String> required = new LinkedHashSet<>();
        if (inputSchema != null && inputSchema.get("required") instanceof List<?> names) {
            names.forEach(name -> required.add(String.valueOf(name)));
        }
        Set<String> names = new LinkedHashSet<>(properties.keySet());
        names.addAll(workload.keySet());
        List<Field> fields = new ArrayList<>();
        for (String name : names) {
            Map<String, Object> property = properties.get(name) instanceof Map<?, ?> p ? stringKeys(p) : Map.of();
            Object value = workload.containsKey(name) ? workload.get(name) : property.get("default");
            Kind kind = kind(property.get("type"), value);
            fields.add(new Field(name, kind, shown(value, kind, json),
                    property.get("description") == null ? null : String.valueOf(property.get("description")),
                    required.contains(name)));
        }
        return new LaunchForm(fields);
    }

    /**
     * The workload overrides a posted form asks for: each non-empty field read as its kind.
     *
     * @throws WorkloadRejectedException naming {@code workload.NAME} when a value is not of its field's type
     */
    public Map<String, Object> workload(Map<String, String> parameters, JsonCodec json) {
        Map<String, Object> workload = new LinkedHashMap<>();
        for (Field field : fields) {
            String text = parameters.get(field.parameter());
            if (text == null || text.isBlank()) {
                continue;
            }
            workload.put(field.name(), read(field, text.trim(), json));
        }
        return workload;
    }

    private static Object read(Field field, String text, JsonCodec json) {
        try {
            return switch (field.kind()) {
                case STRING -> text;
                case INTEGER -> Long.parseLong(text);
                case NUMBER -> new BigDecimal(text);
                case BOOLEAN -> switch (text) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("not a boolean");
                };
                case JSON -> json.read(text);
            };
        } catch (RuntimeException e) {
            throw new WorkloadRejectedException("workload." + field.name(), "workload." + field.name() + ": '"
                    + abbreviated(text) + "' is not " + expected(field.kind()) + "; correct the field in the launch"
                    + " form, or empty it to use the playbook's default", false);
        }
    }

    private static String expected(Kind kind) {
        return switch (kind) {
            case STRING -> "a string";
            case INTEGER -> "an integer (such as 42)";
            case NUMBER -> "a number (such as 2.5)";
            case BOOLEAN -> "true or false";
            case JSON -> "valid JSON (such as {\"key\": \"value\"} or [1, 2])";
        };
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    /** The schema's type when it names one, else the default value's JSON type; a string when neither tells. */
    private static Kind kind(Object schemaType, Object value) {
        if (schemaType instanceof String type) {
            return switch (type) {
                case "integer" -> Kind.INTEGER;
                case "number" -> Kind.NUMBER;
                case "boolean" -> Kind.BOOLEAN;
                case "object", "array" -> Kind.JSON;
                default -> Kind.STRING;
            };
        }
        if (value instanceof Boolean) {
            return Kind.BOOLEAN;
        }
        if (value instanceof Integer || value instanceof Long) {
            return Kind.INTEGER;
        }
        if (value instanceof Number) {
            return Kind.NUMBER;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return Kind.JSON;
        }
        return Kind.STRING;
    }

    private static String shown(Object value, Kind kind, JsonCodec json) {
        if (value == null) {
            return "";
        }
        return kind == Kind.JSON || !(value instanceof String || value instanceof Number || value instanceof Boolean)
                ? json.write(value) : String.valueOf(value);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
