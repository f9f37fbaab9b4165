package io.playbatch.agent;

import io.playbatch.compiler.ir.AgentLoopNode;
import io.playbatch.compiler.ir.McpModelSpec;
import io.playbatch.compiler.ir.McpResourceSpec;
import io.playbatch.compiler.ir.McpServerSpec;
import io.playbatch.compiler.ir.McpToolSpec;
import io.playbatch.compiler.ir.RetrySpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Agent loops built by hand for the unit tests of this package. */
final class AgentLoops {

    static final McpServerSpec SERVER = new McpServerSpec("files", "http://localhost:1/mcp", Map.of(), null, null,
            McpServerSpec.DEFAULT_CONNECT_TIMEOUT, McpServerSpec.DEFAULT_CALL_TIMEOUT, null);

    static final Map<String, Object> PATH_SCHEMA = Map.of("type", "object", "required", List.of("path"),
            "properties", Map.of("path", Map.of("type", "string")));

    private AgentLoops() {
    }

    static McpModelSpec model() {
        return new McpModelSpec("gpt", McpModelSpec.OPENAI_CHAT, "http://$workload.host/v1", "gpt-test", null, 0.0,
                7L, 256, Duration.ofSeconds(30), RetrySpec.none());
    }

    static McpToolSpec tool(String name, Map<String, Object> inputSchema, boolean readOnly) {
        return new McpToolSpec(name, SERVER, name, inputSchema == null ? null : "reads " + name, inputSchema, null,
                readOnly, false, McpToolSpec.ResultMode.STRUCTURED, false, RetrySpec.none(), null);
    }

    static AgentLoopNode loop(List<McpToolSpec> tools, int maxTurns, int maxToolCalls,
            Map<String, Object> outputSchema, AgentLoopNode.OnLimit onLimit) {
        return new AgentLoopNode("research", model(), "You are terse.",
                List.of(new AgentLoopNode.Message("user", "Example for $workload.topic")), "Summarise $workload.topic",
                List.<McpResourceSpec>of(), tools, AgentLoopNode.ToolChoice.AUTO, false, maxTurns, maxToolCalls,
                AgentLoopNode.StopWhen.NO_TOOL_CALLS, outputSchema, onLimit);
    }

    static AgentLoopNode loop(int maxTurns, int maxToolCalls, AgentLoopNode.OnLimit onLimit) {
        return loop(List.of(tool("read_file", PATH_SCHEMA, true)), maxTurns, maxToolCalls, null, onLimit);
    }
}
