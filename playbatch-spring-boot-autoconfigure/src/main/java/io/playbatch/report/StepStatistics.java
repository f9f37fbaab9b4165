package io.playbatch.report;

/**
 * Duration statistics of one step of a playbook over its completed Spring Batch step executions in
 * the playbook's most recent executions (see {@link PlaybookReports#stepStatistics}): count, min,
 * max, mean and sample standard deviation in milliseconds (null standard deviation for one sample).
 */
public record StepStatistics(String step, long count, long minMs, long maxMs, double meanMs, Double stddevMs) {
}
