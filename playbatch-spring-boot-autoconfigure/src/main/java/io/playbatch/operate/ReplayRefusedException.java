package io.playbatch.operate;

/**
 * A replay cannot start as asked (unknown step, a step that did not run in the source, a running
 * source); the message says why and what to do. A {@link NotRestartableException} so every caller
 * mapping that one (CLI exit 2, HTTP 409) maps this one too.
 */
public class ReplayRefusedException extends NotRestartableException {

    public ReplayRefusedException(String message) {
        super(message);
    }
}
