package io.playbatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentTranscriptTest {

    @Test
    void answersAndToolResultsFollowTheOpeningInOrder() {
        AgentTranscript transcript = new AgentTranscript(new JsonCodec(),
                List.of(AgentTranscript.message("system", "be terse")));
        List<Object> calls = List.of(Map.of("id", "c1"));
        transcript.answered("step[0]", "looking", calls);
        transcript.toolAnswered(Map.of("id", "c1"), "plain text");
        transcript.cites("step[0].tool[0]");
        transcript.answered("step[1]", "done", List.of());

        assertThat(transcript.messages()).extracting(m -> m.get("role"))
                .containsExactly("system", "assistant", "tool", "assistant");
        assertThat(transcript.messages().get(1)).containsEntry("tool_calls", calls);
        assertThat(transcript.messages().get(3)).doesNotContainKey("tool_calls");
        assertThat(transcript.messages().get(2)).containsEntry("tool_call_id", "c1").containsEntry("content", "plain text");
        assertThat(transcript.nodeIds()).containsExactly("step[0]", "step[0].tool[0]", "step[1]");
        assertThat(transcript.lastAnswer()).isEqualTo("done");
    }

    @Test
    void aStructuredToolResultIsJsonWithSortedKeysSoARestartSendsTheSameText() {
        AgentTranscript transcript = new AgentTranscript(new JsonCodec(), List.of());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("z", 1);
        result.put("a", Map.of("y", 2, "b", List.of(Map.of("d", 1, "c", 2))));
        transcript.toolAnswered(Map.of("id", "c9"), result);
        assertThat(transcript.messages().get(0).get("content"))
                .isEqualTo("{\"a\":{\"b\":[{\"c\":2,\"d\":1}],\"y\":2},\"z\":1}");
    }

    @Test
    void theToolCallSummaryCollectsEveryTurnsEntries() {
        AgentTranscript transcript = new AgentTranscript(new JsonCodec(), List.of());
        transcript.toolCallsMade(List.of(Map.of("name", "a")));
        transcript.toolCallsMade(List.of(Map.of("name", "b")));
        assertThat(transcript.toolCalls()).extracting(m -> m.get("name")).containsExactly("a", "b");
    }
}
