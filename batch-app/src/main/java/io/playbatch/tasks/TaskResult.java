package io.playbatch.tasks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result envelope every task returns and {@code $steps.<name>} holds (DESIGN.md §8):
 * {@code {status: ok|error, data, error: {type, message} | null, meta: {duration_ms, attempt, worker_id}}}.
 */
public record TaskResult(boolean ok, Object data, String errorType, String errorMessage, long durationMs, int attempt,
        String workerId) {

    public static TaskResult ok(Object data, long durationMs, int attempt, String workerId) {
        return new TaskResult(true, data, null, null, durationMs, attempt, workerId);
    }

    public static TaskResult error(String type, String message, long durationMs, int attempt, String workerId) {
        return new TaskResult(false, null, type, message, durationMs, attempt, workerId);
    }

    /** The envelope as JSON-like values, keys as the contract spells them. */
    public Map<String, Object> toEnvelope() {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("status", ok ? "ok" : "error");
        envelope.put("data", data);
        envelope.put("error", ok ? null : errorMap());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("duration_ms", durationMs);
        meta.put("attempt", attempt);
        meta.put("worker_id", workerId);
        envelope.put("meta", meta);
        return envelope;
    }

    public Map<String, Object> errorMap() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", errorType);
        error.put("message", errorMessage);
        return error;
    }
}
