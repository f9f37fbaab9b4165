package io.playbatch.catalog;

/**
 * An operator setting the compiler cannot work with (a limit out of its range): the message names
 * the property, its value and the range, so the CLI reports it as a usage error, not a bug.
 */
public class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
