package io.playbatch.ids;

/** An id received from outside is not a valid 64-bit id; the message names the field and why. */
public class InvalidIdException extends IllegalArgumentException {

    private final String field;

    public InvalidIdException(String field, String value, String reason) {
        super("Invalid " + field + " '" + value + "': " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
