package io.playbatch.render;

import java.util.HashMap;
import java.util.Map;

/**
 * What a template may reference ({@code workload}, {@code steps}, {@code execution},
 * {@code secrets}, a loop's variable and {@code index}) and where it stands, for error messages.
 */
public record RenderContext(String playbook, String step, Map<String, Object> variables) {

    public RenderContext withVariable(String name, Object value) {
        Map<String, Object> copy = new HashMap<>(variables);
        copy.put(name, value);
        return new RenderContext(playbook, step, copy);
    }
}
