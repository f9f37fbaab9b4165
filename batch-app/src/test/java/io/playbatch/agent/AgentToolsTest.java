package io.playbatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.agent.AgentTools.ToolCall;
import io.playbatch.compiler.ir.AgentLoopNode.OnLimit;
import io.playbatch.json.JsonCodec;
import io.playbatch.mcp.client.JsonSchemaCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentToolsTest {

    private final AgentTools tools = new AgentTools(AgentLoops.loop(List.of(
            AgentLoops.tool("read_file", AgentLoops.PATH_SCHEMA, true), AgentLoops.tool("search", null, true)),
            3, 6, null, OnLimit.FAIL), new JsonCodec(), new JsonSchemaCheck());

    private static Map<String, Object> call(String name, Object arguments) {
        return Map.of("id", "c1", "function", Map.of("name", name, "arguments", arguments));
    }

    @Test
    void aCallWithArgumentsMatchingTheSchemaIsValid() {
        ToolCall call = tools.check(call("read_file", "{\"path\": \"a.txt\"}"));
        assertThat(call.valid()).isTrue();
        assertThat(call.tool().name()).isEqualTo("read_file");
        assertThat(call.arguments()).containsEntry("path", "a.txt");
    }

    @Test
    void anUnofferedToolIsInvalidAndTheProblemListsTheOfferedOnes() {
        ToolCall call = tools.check(call("delete_file", "{}"));
        assertThat(call.valid()).isFalse();
        assertThat(call.problem()).isEqualTo("tool 'delete_file' is not offered in this loop; offered: [read_file, search]");
    }

    @Test
    void argumentsThatAreNotAJsonObjectOrNotJsonAreInvalid() {
        assertThat(tools.check(call("read_file", "[1]")).problem())
                .isEqualTo("the arguments of tool 'read_file' must be a JSON object");
        assertThat(tools.check(call("read_file", "{oops")).problem())
                .isEqualTo("the arguments of tool 'read_file' are not valid JSON");
    }

    @Test
    void argumentsViolatingTheInputSchemaAreInvalid() {
        assertThat(tools.check(call("read_file", "{\"path\": 3}")).problem())
                .startsWith("the arguments of tool 'read_file' do not match its input schema: ");
    }

    @Test
    void aFetchedSchemaIsPinnedForAToolWithoutOneAndThenChecked() {
        assertThat(tools.check(call("search", "{\"q\": 1}")).valid()).as("no schema yet: anything goes").isTrue();

        tools.pin(Map.of("search", Map.of("description", "searches", "input_schema", Map.of("type", "object",
                "properties", Map.of("q", Map.of("type", "string")))),
                "read_file", Map.of("description", "ignored", "input_schema", Map.of("type", "object"))));

        assertThat(tools.check(call("search", "{\"q\": 1}")).valid()).isFalse();
        assertThat(tools.check(call("read_file", "{}")).valid()).as("a pinned schema is not replaced").isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> search = (Map<String, Object>) tools.definitions().get(1).get("function");
        assertThat(search).containsEntry("description", "searches").containsKey("parameters");
        @SuppressWarnings("unchecked")
        Map<String, Object> readFile = (Map<String, Object>) tools.definitions().get(0).get("function");
        assertThat(readFile).containsEntry("description", "reads read_file");
    }
}
