package io.playbatch.compiler.ir;

import io.playbatch.compiler.diag.SourcePosition;
import java.util.Map;

/**
 * One tool of {@code mcp.tools}, resolved: the server to call, the remote tool name, the flags the
 * playbook states and the optional pinned schemas (JSON-like values). A step calling it becomes a
 * task of type {@value TaskSpec#MCP_TOOL_CALL}. A tool that is neither read-only nor idempotent is
 * never retried ({@code retry.maxAttempts() == 1} is guaranteed by validation). Immutable.
 *
 * @param remoteName      the tool's name on the server ({@code tool:}, default the local name)
 * @param description     what a model sees in turns; null = the server's description
 * @param inputSchema     pinned JSON Schema 2020-12 of the arguments, or null
 * @param outputSchema    JSON Schema structuredContent is validated against, or null
 * @param readOnly        the playbook states the tool has no side effect (implies idempotent)
 * @param idempotent      the playbook states repeating a call has the effect of one call
 * @param failOnToolError {@code isError:true} fails the step (true, the default) or gives data.is_error
 * @param retry           attempts in total and the fixed backoff between them (default 1 attempt)
 * @param position        where the tool is declared (its key under {@code mcp.tools}), for diagnostics
 */
public record McpToolSpec(String name, McpServerSpec server, String remoteName, String description,
        Map<String, Object> inputSchema, Map<String, Object> outputSchema, boolean readOnly, boolean idempotent,
        ResultMode result, boolean failOnToolError, RetrySpec retry, SourcePosition position) implements McpCallable {

    /** How a tool result becomes the envelope's {@code data}. */
    public enum ResultMode {
        /** {@code structuredContent} (the default). */
        STRUCTURED,
        /** {@code {text, content[]}}. */
        TEXT,
        /** the text content parsed as JSON; an error when it is not JSON. */
        JSON
    }

    public McpToolSpec {
        inputSchema = IrValues.copyOrdered(inputSchema);
        outputSchema = IrValues.copyOrdered(outputSchema);
        idempotent = idempotent || readOnly;
    }

    /** Whether repeating a call is safe: a retry, or re-running after an unknown outcome, is allowed. */
    public boolean repeatable() {
        return readOnly || idempotent;
    }
}
