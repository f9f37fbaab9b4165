package io.playbatch.taskmodel;

import java.util.Set;
/**
 * A task failed in a way it can name: {@code type} becomes {@code error.type} of the envelope
 * (for example {@code sql_error}, {@code bad_args}), the message says what went wrong and how to fix it.
 */
public class TaskFailure extends RuntimeException {

    /**
     * Error types that another attempt cannot fix or must not risk: the queue makes such a row
     * {@code dead} at once, whatever attempts remain (docs/mcp.md, failure taxonomy). A JSON-RPC
     * error or a tool's own {@code isError} answer would come back the same; a schema violation
     * too; an MRTR input request has nobody to answer it; a refused command stays refused.
     */
    public static final Set<String> NOT_RETRIED = Set.of("mcp_protocol_error", "mcp_tool_error",
            "mcp_output_invalid", "mcp_input_required", "mcp_command_not_allowed", "model_bad_request",
            "model_bad_response", "bad_args");

    /** Whether a failure of this type may be retried when the row has attempts left. */
    public static boolean retryable(String type) {
        return type == null || !NOT_RETRIED.contains(type);
    }

    private final String type;

    public TaskFailure(String type, String message) {
        super(message);
        this.type = type;
    }

    public TaskFailure(String type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
