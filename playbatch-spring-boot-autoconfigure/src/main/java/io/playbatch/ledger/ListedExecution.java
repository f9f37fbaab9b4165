package io.playbatch.ledger;

/**
 * An execution as the console's list shows it: the record, the step that failed it (null when none
 * did) and, for a FAILED or STOPPED execution that a later execution of its run took over, that
 * successor's id and status (null otherwise).
 */
public record ListedExecution(ExecutionRecord execution, String failedStep, Long successorId, String successorStatus) {
}
