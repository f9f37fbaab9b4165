package io.playbatch.compiler.ir;

import io.playbatch.compiler.dsl.SourcePosition;
import java.time.Duration;
import java.util.Map;

/**
 * One workflow node after validation. {@code task} is {@link TaskSpec#noop()} for START and END;
 * {@code loop}, {@code save}, {@code onFailure} and {@code timeout} are null when absent;
 * {@code retry} is never null ({@link RetrySpec#none()}). {@code save} keeps the YAML mapping as
 * JSON-like values.
 */
public record StepNode(String name, NodeKind kind, String description, TaskSpec task, LoopSpec loop,
        RetrySpec retry, Duration timeout, Map<String, Object> save, OnFailureSpec onFailure,
        SourcePosition position) {
}
