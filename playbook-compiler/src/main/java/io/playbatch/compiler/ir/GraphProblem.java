package io.playbatch.compiler.ir;

import io.playbatch.compiler.diag.SourcePosition;

/**
 * A structural problem of a workflow graph found by {@link GraphAnalysis}: a cycle, an unreachable
 * step or a parallel split that does not join. The validator turns it into a diagnostic.
 */
public record GraphProblem(Kind kind, String subject, String message, SourcePosition position) {

    public enum Kind { CYCLE, UNREACHABLE, UNJOINED_SPLIT }
}
