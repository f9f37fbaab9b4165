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
    /** A step of task type {@code playbook}: starts a child execution and waits for it. */
    SUB_PLAYBOOK
}
