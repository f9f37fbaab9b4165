package io.playbatch.tasks;

/**
 * A task failed in a way it can name: {@code type} becomes {@code error.type} of the envelope
 * (for example {@code sql_error}, {@code bad_args}), the message says what went wrong and how to fix it.
 */
public class TaskFailure extends RuntimeException {

    private final String type;

    public TaskFailure(String type, String message) {
        super(message);
        this.type = type;
    }

    public TaskFailure(String type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
