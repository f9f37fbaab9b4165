package io.playbatch.mcp.server;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Infers a JSON Schema for a playbook's workload from its default values, for playbooks whose
 * {@code metadata.mcp} gives no {@code input_schema}: each key gets the JSON type of its default
 * (nested objects and the first element of lists included) and the default itself, and none is
 * required, because a run merges the given keys over the defaults. Stateless.
 */
final class WorkloadSchemas {

    private WorkloadSchemas() {
    }

    static Map<String, Object> inferred(Map<String, Object> workloadDefaults) {
        Map<String, Object> schema = objectSchema(workloadDefaults == null ? Map.of() : workloadDefaults);
        schema.put("description", "Workload overrides: top-level keys replace the playbook's defaults.");
        return schema;
    }

    private static Map<String, Object> objectSchema(Map<?, ?> value) {
        Map<String, Object> properties = new LinkedHashMap<>();
        value.forEach((key, child) -> {
            Map<String, Object> property = schemaOf(child);
            if (child != null) {
                property.put("default", child);
            }
            properties.put(String.valueOf(key), property);
        });
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        return schema;
    }

    private static Map<String, Object> schemaOf(Object value) {
        if (value instanceof Map<?, ?> map) {
            return objectSchema(map);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        if (value instanceof List<?> list) {
            schema.put("type", "array");
            if (!list.isEmpty() && list.get(0) != null) {
                Map<String, Object> items = schemaOf(list.get(0));
                items.remove("default");
                schema.put("items", items);
            }
        } else if (value instanceof Boolean) {
            schema.put("type", "boolean");
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof BigInteger) {
            schema.put("type", "integer");
        } else if (value instanceof Number || value instanceof BigDecimal) {
            schema.put("type", "number");
        } else if (value instanceof String) {
            schema.put("type", "string");
        }
        // null: any type, nothing to say
        return schema;
    }
}
