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
    ON_FAILURE
}
