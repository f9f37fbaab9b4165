package io.playbatch.tasks;

import java.util.Map;

/**
 * A task exactly as a worker runs it: its type and its rendered {@code args}. This is what the
 * queue stores; workers never render.
 */
public record RenderedTask(String type, Map<String, Object> args) {

    public RenderedTask {
        args = args == null ? Map.of() : args;
    }
}
