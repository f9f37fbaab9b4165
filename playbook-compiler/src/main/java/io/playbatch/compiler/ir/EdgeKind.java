package io.playbatch.compiler.ir;

/** Why the workflow moves from one node to another. */
public enum EdgeKind {
    /** {@code next: [a, b]}: taken unconditionally (several targets form a parallel split). */
    NEXT,
    /** A {@code when}/{@code then} case: taken when its condition is the first true one. */
    WHEN,
    /** The trailing {@code else} case. */
    ELSE,
    /** {@code on_failure.step}: taken when the source step fails after its retries. */
    ON_FAILURE,
    /**
     * From an implicit resource node {@code resource:NAME} to a step whose templates read
     * {@code $resources.NAME} (or whose turns list it in {@code context}): a data dependency shown
     * by {@code --explain}, not a transition. The resource nodes run right after {@code start}, so
     * they have finished before any step that reads them; the job graph ignores these edges.
     */
    RESOURCE
}
