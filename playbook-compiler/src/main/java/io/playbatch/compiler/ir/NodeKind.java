package io.playbatch.compiler.ir;

/** What a workflow node is, which decides how it becomes a Spring Batch step. */
public enum NodeKind {
    /** The single router every workflow starts from: only {@code next}, no task. */
    START,
    /** The optional terminal node: no task, no {@code next}. */
    END,
    /** A step that runs one task (inline, workbook, or {@code noop}). */
    TASK,
    /** A step with {@code loop}: a partitioned step, one queue item per iteration. */
    LOOP,
    /** A step of task type {@code chunk}: a Spring Batch chunk-oriented step. */
    CHUNK,
    /**
     * A step of task type {@code bean}: a Spring Batch tasklet step, run in the manager, that calls
     * a bean of the application by name (a {@code Tasklet} or a {@code Function}). Never partitioned.
     */
    BEAN,
    /** A step of task type {@code playbook}: starts a child execution and waits for it. */
    SUB_PLAYBOOK,
    /**
     * A step naming an {@code mcp.turns} entry: a bounded agent loop, one tasklet step whose model
     * turns and tool calls are each their own queue item (see {@link AgentLoopNode}). Never partitioned.
     */
    AGENT_LOOP
}
