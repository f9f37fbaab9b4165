package io.playbatch.agent;

import io.playbatch.compiler.ir.AgentLoopNode;
import io.playbatch.compiler.ir.McpModelSpec;
import io.playbatch.compiler.ir.McpResourceSpec;
import io.playbatch.render.RenderContext;
import io.playbatch.render.RenderException;
import io.playbatch.render.StepConfigRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an agent loop's {@link AgentPrompt} on the server: the model's templated settings, then
 * {@code system}, the few-shot {@code messages}, one user message {@code Context: ## NAME <text>}
 * for the {@code context} resources (read before by their {@code resource:NAME} steps) and the
 * {@code prompt}, in that order. Thread-safe.
 */
public final class PromptRenderer {

    private final StepConfigRenderer renderer;

    public PromptRenderer(StepConfigRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * @throws RenderException when a template does not render; the message names its field
     *                         ({@code mcp.turns.NAME.prompt}, {@code mcp.models.NAME.url}, ...)
     */
    public AgentPrompt render(AgentLoopNode loop, RenderContext context) {
        String field = "mcp.turns." + loop.name();
        McpModelSpec spec = loop.model();
        String modelField = "mcp.models." + spec.name();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("url", renderer.render(spec.url(), context, modelField + ".url"));
        model.put("model", renderer.render(spec.model(), context, modelField + ".model"));
        if (spec.apiKey() != null) {
            model.put("api_key", renderer.render(spec.apiKey(), context, modelField + ".api_key"));
        }
        model.put("temperature", spec.temperature());
        if (spec.seed() != null) {
            model.put("seed", spec.seed());
        }
        model.put("max_tokens", spec.maxTokens());
        model.put("timeout_ms", spec.timeout().toMillis());
        List<Map<String, Object>> opening = new ArrayList<>();
        if (loop.system() != null) {
            opening.add(AgentTranscript.message("system", text(loop.system(), context, field + ".system")));
        }
        for (int i = 0; i < loop.messages().size(); i++) {
            AgentLoopNode.Message m = loop.messages().get(i);
            opening.add(AgentTranscript.message(m.role(),
                    text(m.content(), context, field + ".messages[" + i + "].content")));
        }
        if (!loop.context().isEmpty()) {
            StringBuilder text = new StringBuilder("Context:");
            for (McpResourceSpec resource : loop.context()) {
                Object data = ((Map<?, ?>) context.variables().get("resources")).get(resource.name());
                Object body = data instanceof Map<?, ?> d ? d.get("text") : null;
                text.append("\n\n## ").append(resource.name()).append("\n").append(body == null ? "" : body);
            }
            opening.add(AgentTranscript.message("user", text.toString()));
        }
        if (loop.prompt() != null) {
            opening.add(AgentTranscript.message("user", text(loop.prompt(), context, field + ".prompt")));
        }
        return new AgentPrompt(model, opening);
    }

    private String text(String template, RenderContext context, String field) {
        return String.valueOf(renderer.render(template, context, field));
    }
}
