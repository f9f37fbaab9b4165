package io.playbatch.operate;

/**
 * An operator verb does not apply to the execution in its current state (stop of an execution that
 * is not running, recover of one whose manager is alive); the message says why and what to do.
 * A {@link NotRestartableException} so that every caller mapping that one (CLI exit 2, HTTP 409)
 * maps this one too.
 */
public class ExecutionStateException extends NotRestartableException {

    public ExecutionStateException(String message) {
        super(message);
    }
}
