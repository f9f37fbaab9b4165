package io.playbatch.tasks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result envelope every task returns and {@code $steps.<name>} holds (docs/dsl.md#stepsname-the-result-envelope):
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

    /**
     * The result back from its envelope (as stored in {@code queue.result} or an event), the
     * inverse of {@link #toEnvelope()}.
     */
    @SuppressWarnings("unchecked")
    public static TaskResult fromEnvelope(Object envelope) {
        if (!(envelope instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a result envelope: " + envelope);
        }
        Map<String, Object> fields = (Map<String, Object>) map;
        Map<String, Object> error = fields.get("error") instanceof Map<?, ?> e ? (Map<String, Object>) e : Map.of();
        Map<String, Object> meta = fields.get("meta") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        long duration = meta.get("duration_ms") instanceof Number n ? n.longValue() : 0;
        int attempt = meta.get("attempt") instanceof Number n ? n.intValue() : 1;
        Object worker = meta.get("worker_id");
        return new TaskResult("ok".equals(fields.get("status")), fields.get("data"),
                error.get("type") == null ? null : String.valueOf(error.get("type")),
                error.get("message") == null ? null : String.valueOf(error.get("message")), duration, attempt,
                worker == null ? null : String.valueOf(worker));
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
