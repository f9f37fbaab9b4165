package io.playbatch.save;

/**
 * A {@code save} (or a chunk writer) could not write its rows: bad settings, a missing table or
 * column, or a database error. The message names the table, file or column and says what to do.
 */
public class SaveException extends RuntimeException {

    public SaveException(String message) {
        super(message);
    }

    public SaveException(String message, Throwable cause) {
        super(message, cause);
    }
}
