package io.playbatch.api;

/** A request body or parameter is wrong; 400 problem details naming the field. */
class InvalidRequestException extends RuntimeException {

    private final String field;

    InvalidRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
