package io.playbatch.connections;

/**
 * A playbook names a connection this process has no configuration for; the message names the
 * configured connections and the property that would add it.
 */
public class UnknownConnectionException extends RuntimeException {

    public UnknownConnectionException(String message) {
        super(message);
    }
}
