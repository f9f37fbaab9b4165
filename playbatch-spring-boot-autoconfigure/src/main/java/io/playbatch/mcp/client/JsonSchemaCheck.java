package io.playbatch.mcp.client;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Checks a JSON-like value against a JSON Schema (2020-12 by default) with the validator the MCP
 * SDK ships ({@code com.networknt:json-schema-validator} behind the SDK's Jackson 3 binding), so
 * the worker (tool output schemas) and the manager (a model's tool arguments) judge alike.
 * Compiled schemas are cached. Thread-safe.
 */
@Component
public class JsonSchemaCheck {

    private final JsonSchemaValidator validator = new DefaultJsonSchemaValidator();

    /** Empty when {@code value} conforms to {@code schema}; otherwise what is wrong. */
    public Optional<String> violation(Map<String, Object> schema, Object value) {
        JsonSchemaValidator.ValidationResponse response = validator.validate(schema, value);
        return response.valid() ? Optional.empty()
                : Optional.of(response.errorMessage() == null ? "does not match the schema" : response.errorMessage());
    }
}
