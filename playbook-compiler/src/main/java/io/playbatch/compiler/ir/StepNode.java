package io.playbatch.compiler.ir;

import io.playbatch.compiler.diag.SourcePosition;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One workflow node after validation. {@code task} is {@link TaskSpec#noop()} for START and END;
 * {@code loop}, {@code save}, {@code onFailure} and {@code timeout} are null when absent;
 * {@code retry} is never null ({@link RetrySpec#none()}). {@code save} keeps the YAML mapping as
 * JSON-like values. An implicit resource read is a TASK node named {@code resource:NAME}; an
 * agent loop is an {@link NodeKind#AGENT_LOOP} node whose task carries the {@link AgentLoopNode}.
 */
public record StepNode(String name, NodeKind kind, String description, TaskSpec task, LoopSpec loop,
        RetrySpec retry, Duration timeout, Map<String, Object> save, OnFailureSpec onFailure,
        SourcePosition position) {

    /** The agent loop of an {@link NodeKind#AGENT_LOOP} node. */
    public Optional<AgentLoopNode> agentLoop() {
        return task == null ? Optional.empty() : task.agentLoop();
    }

    /** Whether this node is the implicit read of a resource ({@code resource:NAME}), not a written step. */
    public boolean isImplicitResource() {
        return McpResourceSpec.isResourceNode(name);
    }
}
