package io.playbatch.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an agent loop sends with every turn and renders only once: the model's settings ({@code url},
 * {@code model}, {@code api_key}, {@code temperature}, ...) and the opening messages (system,
 * few-shot messages, the context resources, the prompt). Immutable; {@code model} keeps its keys' order.
 */
public record AgentPrompt(Map<String, Object> model, List<Map<String, Object>> opening) {

    public AgentPrompt {
        model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
        opening = List.copyOf(opening);
    }
}
