package io.playbatch.operate;

/**
 * The ids of an execution that was accepted and recorded but may still be running: what a
 * background start, restart or replay returns at once.
 */
public record RunHandle(long executionId, long runId) {
}
