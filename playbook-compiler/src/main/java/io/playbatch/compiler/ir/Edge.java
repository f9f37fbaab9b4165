package io.playbatch.compiler.ir;

import io.playbatch.compiler.diag.SourcePosition;

/**
 * One edge of the workflow graph. For {@link EdgeKind#WHEN} edges {@code condition} is the Velocity
 * condition and {@code caseIndex} the 0-based index of the case in {@code next}; all targets of one
 * case share its index (they form a split inside that branch). {@code condition} is null otherwise.
 */
public record Edge(String from, String to, EdgeKind kind, String condition, int caseIndex, SourcePosition position) {
}
