package io.playbatch.runtime;

import io.playbatch.json.JsonCodec;
import io.playbatch.mcp.client.JsonSchemaCheck;

/**
 * What an agent loop needs besides the other steps' collaborators: the schema check for the
 * model's tool arguments and final answer, JSON, and {@code playbatch.mcp.max-transcript-bytes} (a
 * transcript is copied into every {@code model_turn} row, so it is bounded).
 */
record AgentLoopSupport(JsonSchemaCheck schemas, JsonCodec json, long maxTranscriptBytes) {
}
