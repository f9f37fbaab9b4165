package io.playbatch.compiler.ir;

import java.util.List;
import java.util.Set;

/**
 * A parallel split found by {@link GraphAnalysis}: the node it leaves ({@code caseIndex} -1 for
 * plain {@code next}, else the {@code when} case whose {@code then} lists several steps), the
 * first step of each branch, the steps of each branch up to (excluding) the join, and the join
 * step, or null when every branch ends and the split joins at the end of the run.
 */
public record Split(String from, int caseIndex, List<String> branches, List<Set<String>> regions, String join) {

    public Split {
        branches = List.copyOf(branches);
        regions = regions.stream().map(Set::copyOf).toList();
    }

    public boolean joinsAtEnd() {
        return join == null;
    }
}
