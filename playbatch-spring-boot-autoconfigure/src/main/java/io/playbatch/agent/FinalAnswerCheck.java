package io.playbatch.agent;

import io.playbatch.json.JsonCodec;
import io.playbatch.mcp.client.JsonSchemaCheck;
import java.util.Map;

/**
 * Checks a model's final answer (an answer without tool calls) against the loop's
 * {@code stop.output_schema}: the answer must be JSON, optionally inside one {@code ```} fence, and
 * match the schema. Thread-safe.
 */
public final class FinalAnswerCheck {

    private final JsonCodec json;
    private final JsonSchemaCheck schemas;

    public FinalAnswerCheck(JsonCodec json, JsonSchemaCheck schemas) {
        this.json = json;
        this.schemas = schemas;
    }

    /** The answer's text parsed and judged against {@code outputSchema}. */
    public Verdict check(Map<String, Object> outputSchema, Object content) {
        String text = content == null ? "" : String.valueOf(content).strip();
        try {
            Object parsed = json.read(unfenced(text));
            return new Verdict(parsed, schemas.violation(outputSchema, parsed).orElse(null));
        } catch (RuntimeException e) {
            return new Verdict(null, "the answer is not JSON");
        }
    }

    /** The one corrective user message a mismatching answer gets. */
    public String correction(Map<String, Object> outputSchema, String violation) {
        return "Your answer does not match the required output schema: " + violation
                + ". Answer again with only a JSON value matching this schema: " + json.write(outputSchema);
    }

    private static String unfenced(String text) {
        if (text.startsWith("```")) {
            int start = text.indexOf('\n');
            int end = text.lastIndexOf("```");
            if (start > 0 && end > start) {
                return text.substring(start + 1, end).strip();
            }
        }
        return text;
    }

    /** The parsed answer, and what is wrong with it (null when it matches the schema). */
    public record Verdict(Object parsed, String violation) {

        public boolean matches() {
            return violation == null;
        }
    }
}
