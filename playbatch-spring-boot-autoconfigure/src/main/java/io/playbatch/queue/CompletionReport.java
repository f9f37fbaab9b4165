package io.playbatch.queue;

import java.util.List;

/**
 * What a batch of completions did: rows now {@code done}, rows scheduled for a retry, rows now
 * {@code dead}, and completions refused because the reporting worker no longer held the lease.
 */
public record CompletionReport(List<QueueOutcome> done, List<Long> retried, List<QueueOutcome> dead,
        List<Long> refused) {
}
