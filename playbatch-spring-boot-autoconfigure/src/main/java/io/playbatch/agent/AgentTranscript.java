package io.playbatch.agent;

import io.playbatch.json.JsonCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conversation of one execution of an agent loop: the messages sent with the next turn, the
 * node ids of the turns and tool calls they came from (kept in the step's {@code ExecutionContext}),
 * the {@code tool_calls} summary of the step's data, and the model's last answer. Not thread-safe:
 * one step thread owns it.
 */
public final class AgentTranscript {

    private final JsonCodec json;
    private final List<Map<String, Object>> messages = new ArrayList<>();
    private final List<String> nodeIds = new ArrayList<>();
    private final List<Map<String, Object>> toolCalls = new ArrayList<>();
    private Object lastAnswer;

    public AgentTranscript(JsonCodec json, List<Map<String, Object>> opening) {
        this.json = json;
        this.messages.addAll(opening);
    }

    /** The answer of turn {@code turnNode}: its text and the tool calls it asks for (none ends the loop). */
    public void answered(String turnNode, Object content, List<Object> calls) {
        Map<String, Object> said = new LinkedHashMap<>();
        said.put("role", "assistant");
        said.put("content", content);
        if (!calls.isEmpty()) {
            said.put("tool_calls", calls);
        }
        messages.add(said);
        nodeIds.add(turnNode);
        lastAnswer = content;
    }

    /** Adds the answer to one tool call, in the order the model listed the calls. */
    public void toolAnswered(Map<String, Object> call, Object content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "tool");
        message.put("tool_call_id", call.get("id"));
        // Keys sorted: a result read back from jsonb (on restart) gives the model the very same text.
        message.put("content", content instanceof String s ? s : json.write(sorted(content)));
        messages.add(message);
    }

    /** Adds a user message, e.g. the one corrective request after a final answer that misses the schema. */
    public void userSays(String text) {
        messages.add(message("user", text));
    }

    /** Records that the result of queue row {@code nodeId} (a tool call) is part of the conversation. */
    public void cites(String nodeId) {
        nodeIds.add(nodeId);
    }

    /** Adds the {@code {name, node_id, status}} entries of one turn's tool calls to the summary. */
    public void toolCallsMade(List<Map<String, Object>> entries) {
        toolCalls.addAll(entries);
    }

    /** The messages so far, as the next {@code model_turn} sends them; a read-only view. */
    public List<Map<String, Object>> messages() {
        return Collections.unmodifiableList(messages);
    }

    /** The node ids of the turns and tool calls whose results the messages carry, in the order they arrived. */
    public List<String> nodeIds() {
        return Collections.unmodifiableList(nodeIds);
    }

    /** The step data's {@code tool_calls}: one {@code {name, node_id, status}} per call, valid or not. */
    public List<Map<String, Object>> toolCalls() {
        return Collections.unmodifiableList(toolCalls);
    }

    /** The text of the model's latest answer (null before the first), the {@code final} of a loop ended by a limit. */
    public Object lastAnswer() {
        return lastAnswer;
    }

    static Map<String, Object> message(String role, String content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AgentTranscript::sorted).toList();
        }
        return value;
    }
}
