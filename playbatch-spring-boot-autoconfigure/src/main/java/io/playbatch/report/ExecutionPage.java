package io.playbatch.report;

import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.ledger.ExecutionRecord;
import java.util.List;

/**
 * One page of an execution listing, newest first. {@code hasMore} says whether a next page exists
 * (found by reading one row more than asked, so no count over the whole table is needed); the next
 * page starts at {@code offset + executions.size()}.
 */
public record ExecutionPage(List<ExecutionRecord> executions, int limit, int offset, boolean hasMore) {

    public ExecutionPage {
        executions = List.copyOf(executions);
    }

    /** The page of {@code rows}, read with one row more than the filter's limit to tell whether more follow. */
    public static ExecutionPage of(List<ExecutionRecord> rows, ExecutionFilter filter) {
        boolean more = rows.size() > filter.limit();
        return new ExecutionPage(more ? rows.subList(0, filter.limit()) : rows, filter.limit(), filter.offset(), more);
    }
}
