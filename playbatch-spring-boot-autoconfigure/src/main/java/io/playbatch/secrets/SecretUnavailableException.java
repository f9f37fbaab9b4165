package io.playbatch.secrets;

/**
 * A secret a task refers to cannot be resolved: {@code type} is the error type the attempt fails
 * with ({@code secret_missing}, {@code secrets_file_unreadable}); the message names the secret and
 * how to provide it, and never contains a secret value.
 */
public class SecretUnavailableException extends RuntimeException {

    private final String type;

    public SecretUnavailableException(String type, String message) {
        super(message);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
