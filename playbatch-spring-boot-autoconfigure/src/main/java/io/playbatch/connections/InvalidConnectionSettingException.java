package io.playbatch.connections;

/**
 * A named connection's configuration Playbatch cannot use (no url, a bad name, a pool size out of
 * range): the message names the property and how to fix it, so the CLI reports it as a usage error.
 */
public class InvalidConnectionSettingException extends IllegalArgumentException {

    public InvalidConnectionSettingException(String message) {
        super(message);
    }
}
