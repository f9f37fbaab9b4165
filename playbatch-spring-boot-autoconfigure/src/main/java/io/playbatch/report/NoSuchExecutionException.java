package io.playbatch.report;

/** No execution has the given id. */
public class NoSuchExecutionException extends RuntimeException {

    public NoSuchExecutionException(long executionId) {
        super("No execution " + executionId + "; list executions with 'playbatch list'");
    }
}
