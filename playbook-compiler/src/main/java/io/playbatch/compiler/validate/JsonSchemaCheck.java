package io.playbatch.compiler.validate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** Never fetches: a {@code $ref} to an http(s) or file IRI is unresolvable (MCP012), not a network call. */
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private final Schema metaSchema = registry.getSchema(SchemaLocation.of(META_SCHEMA));

    /** The first reason {@code schema} is not a valid 2020-12 schema, if any. */
    Optional<Problem> schemaProblem(Object schema) {
        List<Problem> problems = problems(metaSchema, json.valueToTree(schema));
        if (!problems.isEmpty()) {
            return Optional.of(problems.get(0));
        }
        Optional<Problem> external = externalReference(schema, new ArrayList<>());
        if (external.isPresent()) {
            return external;
        }
        try {
            // Resolves every $ref now, so a reference to nowhere is a schema problem, not a run-time one.
            registry.getSchema(json.<JsonNode>valueToTree(schema)).initializeValidators();
            return Optional.empty();
        } catch (RuntimeException e) {
            // A schema that passes the meta-schema can still be unusable, e.g. a $ref that resolves nowhere.
            return Optional.of(new Problem("/", List.of(), String.valueOf(e.getMessage())));
        }
    }

    /**
     * The first {@code $ref}/{@code $dynamicRef} that is not local ({@code #...}): resolving it would
     * read a URL or a file, and the compiler never does (the runtime validates against the server).
     */
    private static Optional<Problem> externalReference(Object node, List<String> path) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                path.add(key);
                if ((key.equals("$ref") || key.equals("$dynamicRef")) && entry.getValue() instanceof String ref
                        && !ref.startsWith("#")) {
                    return Optional.of(new Problem("/" + String.join("/", path), List.copyOf(path),
                            "'" + ref + "' is not a local reference (#...); the compiler resolves no URL or file"));
                }
                Optional<Problem> inner = externalReference(entry.getValue(), path);
                path.remove(path.size() - 1);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                path.add(String.valueOf(i));
                Optional<Problem> inner = externalReference(list.get(i), path);
                path.remove(path.size() - 1);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    /** The violations of {@code instance} against {@code schema} (a schema already known to be valid). */
    List<Problem> validate(Object schema, Object instance) {
        try {
            return problems(registry.getSchema(json.<JsonNode>valueToTree(schema)), json.valueToTree(instance));
        } catch (RuntimeException e) {
            return List.of(); // schemaProblem reports a schema the validator cannot use
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
