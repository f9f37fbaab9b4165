package io.playbatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.compiler.ir.AgentLoopNode;
import io.playbatch.compiler.ir.AgentLoopNode.OnLimit;
import io.playbatch.compiler.ir.McpResourceSpec;
import io.playbatch.render.RenderContext;
import io.playbatch.render.RenderException;
import io.playbatch.render.StepConfigRenderer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptRendererTest {

    private final PromptRenderer renderer = new PromptRenderer(new StepConfigRenderer());

    private static RenderContext context(Map<String, Object> workload) {
        return new RenderContext("tests/agent", "research", Map.of("workload", workload, "steps", Map.of(),
                "resources", Map.of()));
    }

    @Test
    void theModelSettingsAndOpeningMessagesAreRenderedInOrder() {
        AgentPrompt prompt = renderer.render(AgentLoops.loop(2, 4, OnLimit.FAIL),
                context(Map.of("host", "models.local", "topic", "tides")));

        assertThat(prompt.model()).containsEntry("url", "http://models.local/v1").containsEntry("model", "gpt-test")
                .containsEntry("seed", 7L).containsEntry("max_tokens", 256).containsEntry("timeout_ms", 30_000L)
                .doesNotContainKey("api_key");
        assertThat(prompt.opening()).containsExactly(
                Map.of("role", "system", "content", "You are terse."),
                Map.of("role", "user", "content", "Example for tides"),
                Map.of("role", "user", "content", "Summarise tides"));
    }

    @Test
    void contextResourcesBecomeOneUserMessageBeforeThePrompt() {
        AgentLoopNode base = AgentLoops.loop(2, 4, OnLimit.FAIL);
        McpResourceSpec notes = new McpResourceSpec("notes", AgentLoops.SERVER, "file:///notes", null, null, null,
                McpResourceSpec.DEFAULT_MAX_BYTES, null);
        AgentLoopNode loop = new AgentLoopNode(base.name(), base.model(), null, List.of(), "Go", List.of(notes),
                base.tools(), base.toolChoice(), false, 2, 4, base.stopWhen(), null, OnLimit.FAIL);
        RenderContext context = new RenderContext("tests/agent", "research", Map.of("workload", Map.of("host", "h"),
                "steps", Map.of(), "resources", Map.of("notes", Map.of("text", "high tide at 6"))));

        assertThat(renderer.render(loop, context).opening()).containsExactly(
                Map.of("role", "user", "content", "Context:\n\n## notes\nhigh tide at 6"),
                Map.of("role", "user", "content", "Go"));
    }

    @Test
    void aTemplateThatDoesNotRenderNamesItsField() {
        AgentLoopNode base = AgentLoops.loop(2, 4, OnLimit.FAIL);
        AgentLoopNode loop = new AgentLoopNode(base.name(), base.model(), null, List.of(), "#if(", List.of(),
                base.tools(), base.toolChoice(), false, 2, 4, base.stopWhen(), null, OnLimit.FAIL);
        assertThatThrownBy(() -> renderer.render(loop, context(Map.of("host", "h"))))
                .isInstanceOf(RenderException.class).hasMessageContaining("mcp.turns.research.prompt");
    }
}
