package io.playbatch.taskmodel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A task exactly as a worker runs it: its type, its rendered {@code args}, the step's
 * {@code timeout} in milliseconds (null: none), which the worker enforces per attempt, and
 * {@code atMostOnce} (null or false: the default). This is what the queue stores
 * ({@code {"type", "args", "timeout_ms", "at_most_once"}}); workers never render.
 *
 * @param atMostOnce true for a task whose repetition could repeat a side effect (an MCP tool call
 *                   that is neither read-only nor idempotent): when its lease expires, its outcome
 *                   is unknown, so the queue makes the row {@code dead} instead of queueing it again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenderedTask(String type, Map<String, Object> args, @JsonProperty("timeout_ms") Long timeoutMs,
        @JsonProperty("at_most_once") Boolean atMostOnce) {

    public RenderedTask {
        args = args == null ? Map.of() : args;
        atMostOnce = Boolean.TRUE.equals(atMostOnce) ? Boolean.TRUE : null;
    }

    public RenderedTask(String type, Map<String, Object> args, Long timeoutMs) {
        this(type, args, timeoutMs, null);
    }

    public RenderedTask(String type, Map<String, Object> args) {
        this(type, args, null, null);
    }
}
