package io.playbatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.compiler.ir.AgentLoopNode;
import io.playbatch.compiler.ir.AgentLoopNode.OnLimit;
import io.playbatch.compiler.ir.TaskSpec;
import io.playbatch.json.JsonCodec;
import io.playbatch.mcp.client.JsonSchemaCheck;
import io.playbatch.render.McpTaskRenderer;
import io.playbatch.render.RenderContext;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.taskmodel.RenderedTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentTasksTest {

    private static final RenderContext CONTEXT = new RenderContext("tests/agent", "research",
            Map.of("workload", Map.of(), "steps", Map.of(), "resources", Map.of()));

    private final JsonCodec json = new JsonCodec();
    private final McpTaskRenderer renderer = new McpTaskRenderer(new StepConfigRenderer());

    private AgentTranscript transcript(String text) {
        return new AgentTranscript(json, List.of(AgentTranscript.message("user", text)));
    }

    @Test
    void aModelTurnCarriesModelTranscriptToolsAndOnTurnZeroTheToolsToDiscover() throws AgentLoopFailure {
        AgentLoopNode loop = AgentLoops.loop(List.of(AgentLoops.tool("read_file", AgentLoops.PATH_SCHEMA, true),
                AgentLoops.tool("search", null, true)), 3, 6, null, OnLimit.FAIL);
        AgentTasks tasks = new AgentTasks(renderer, json, 1_000_000);
        AgentPrompt prompt = new AgentPrompt(Map.of("model", "gpt-test"), List.of());
        AgentTools tools = new AgentTools(loop, json, new JsonSchemaCheck());

        RenderedTask first = tasks.modelTurn(loop, 0, "research[0]", prompt, transcript("hi"), tools, CONTEXT);
        RenderedTask second = tasks.modelTurn(loop, 1, "research[1]", prompt, transcript("hi"), tools, CONTEXT);

        assertThat(first.type()).isEqualTo(TaskSpec.MODEL_TURN);
        assertThat(first.args()).containsEntry("model", Map.of("model", "gpt-test")).containsEntry("tool_choice", "auto")
                .containsEntry("tools", tools.definitions());
        assertThat((List<?>) first.args().get("discover")).singleElement()
                .satisfies(d -> assertThat(((Map<?, ?>) d).get("name")).isEqualTo("search"));
        assertThat(second.args()).doesNotContainKey("discover");
        assertThat(first.timeoutMs()).isEqualTo(30_000L + 5_000L);
    }

    @Test
    void aTurnWhoseArgsExceedTheBoundFailsWithTranscriptTooLarge() {
        AgentLoopNode loop = AgentLoops.loop(3, 6, OnLimit.FAIL);
        AgentTasks tasks = new AgentTasks(renderer, json, 200);
        assertThatThrownBy(() -> tasks.modelTurn(loop, 1, "research[1]", new AgentPrompt(Map.of(), List.of()),
                transcript("x".repeat(300)), new AgentTools(loop, json, new JsonSchemaCheck()), CONTEXT))
                .isInstanceOf(AgentLoopFailure.class).hasMessageContaining("over playbatch.mcp.max-transcript-bytes 200")
                .satisfies(e -> assertThat(((AgentLoopFailure) e).type()).isEqualTo("agent_transcript_too_large"));
    }

    @Test
    void aToolCallOfANonRepeatableToolIsAtMostOnce() {
        AgentTasks tasks = new AgentTasks(renderer, json, 1_000_000);
        RenderedTask write = tasks.toolCall(AgentLoops.tool("write_file", null, false), Map.of("path", "a"), CONTEXT,
                "research[0].tool[0]");
        RenderedTask read = tasks.toolCall(AgentLoops.tool("read_file", null, true), Map.of("path", "a"), CONTEXT,
                "research[0].tool[1]");
        assertThat(write.type()).isEqualTo(TaskSpec.MCP_TOOL_CALL);
        assertThat(write.atMostOnce()).isTrue();
        assertThat(read.atMostOnce()).as("absent, not false, in the stored task").isNull();
    }
}
