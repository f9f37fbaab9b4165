package io.playbatch.ledger;

/** A list filter or paging value received from outside is invalid; the message names the field and the fix. */
public class InvalidFilterException extends IllegalArgumentException {

    private final String field;

    public InvalidFilterException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
