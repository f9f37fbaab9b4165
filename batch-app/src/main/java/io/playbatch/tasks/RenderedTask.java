package io.playbatch.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A task exactly as a worker runs it: its type, its rendered {@code args}, and the step's
 * {@code timeout} in milliseconds (null: none), which the worker enforces per attempt. This is
 * what the queue stores ({@code {"type", "args", "timeout_ms"}}); workers never render.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenderedTask(String type, Map<String, Object> args, @JsonProperty("timeout_ms") Long timeoutMs) {

    public RenderedTask {
        args = args == null ? Map.of() : args;
    }

    public RenderedTask(String type, Map<String, Object> args) {
        this(type, args, null);
    }
}
