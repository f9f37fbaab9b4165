package io.playbatch.operate;

/** An execution cannot be restarted; the message says why and what to do instead. */
public class NotRestartableException extends RuntimeException {

    public NotRestartableException(String message) {
        super(message);
    }
}
