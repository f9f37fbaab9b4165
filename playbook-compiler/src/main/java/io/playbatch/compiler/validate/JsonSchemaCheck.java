package io.playbatch.compiler.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Schema draft 2020-12 checks with {@code com.networknt:json-schema-validator} (Jackson 3),
 * entirely offline: the 2020-12 meta-schema and its vocabularies ship in the library's jar. Values
 * are the compiler's JSON-like Java values (maps, lists, strings, numbers, booleans, null).
 * Thread-safe (the registry caches compiled schemas).
 */
final class JsonSchemaCheck {

    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    /** One violation: the JSON pointer of the offending value (empty for the root) and the validator's message. */
    record Problem(String pointer, List<String> path, String message) {
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Schema metaSchema = registry.getSchema(SchemaLocation.of(META_SCHEMA));

    /** The first reason {@code schema} is not a valid 2020-12 schema, if any. */
    Optional<Problem> schemaProblem(Object schema) {
        List<Problem> problems = problems(metaSchema, json.valueToTree(schema));
        if (!problems.isEmpty()) {
            return Optional.of(problems.get(0));
        }
        try {
            registry.getSchema(json.<JsonNode>valueToTree(schema));
            return Optional.empty();
        } catch (SchemaException | IllegalArgumentException e) {
            // A schema that passes the meta-schema can still be unusable, e.g. a $ref that resolves nowhere.
            return Optional.of(new Problem("", List.of(), String.valueOf(e.getMessage())));
        }
    }

    /** The violations of {@code instance} against {@code schema} (a schema already known to be valid). */
    List<Problem> validate(Object schema, Object instance) {
        try {
            return problems(registry.getSchema(json.<JsonNode>valueToTree(schema)), json.valueToTree(instance));
        } catch (SchemaException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private static List<Problem> problems(Schema schema, JsonNode instance) {
        List<Problem> problems = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            List<String> path = new ArrayList<>();
            for (int i = 0; i < error.getInstanceLocation().getNameCount(); i++) {
                path.add(error.getInstanceLocation().getName(i));
            }
            String pointer = error.getInstanceLocation().toString();
            problems.add(new Problem(pointer.isEmpty() ? "/" : pointer, path, error.getMessage()));
        }
        return problems;
    }
}
