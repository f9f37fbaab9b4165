package io.playbatch.ids;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The one codec for 64-bit ids (execution_id, run_id, event_id, parent_event_id, queue_id):
 * {@code long} in Java, BIGINT in SQL, a decimal string in JSON so JavaScript clients lose no
 * precision. Input accepts a string of digits or a JSON integer; anything else (a float, a negative
 * or empty value, non-digits, more than 2^63-1) is an {@link InvalidIdException} naming the field.
 * No other code parses ids. Stateless and thread-safe.
 */
public final class IdCodec {

    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private IdCodec() {
    }

    /** The JSON form of an id: its decimal string. */
    public static String format(long id) {
        return Long.toString(id);
    }

    /** The JSON form of an optional id: its decimal string, or null. */
    public static String format(Long id) {
        return id == null ? null : Long.toString(id);
    }

    /**
     * Parses an id received as JSON (a {@link String} or an integral {@link Number}) or as a CLI
     * argument.
     *
     * @param field the field or argument name, for the error message
     */
    public static long parse(String field, Object value) {
        if (value instanceof String text) {
            return parseDigits(field, text);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return checkPositive(field, ((Number) value).longValue(), String.valueOf(value));
        }
        if (value instanceof BigInteger big) {
            return parseDigits(field, big.toString());
        }
        throw new InvalidIdException(field, value == null ? "null" : String.valueOf(value),
                value == null ? "it is missing" : "it is a " + describe(value) + ", not a string of digits or an integer");
    }

    private static long parseDigits(String field, String text) {
        if (text.isEmpty()) {
            throw new InvalidIdException(field, text, "it is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidIdException(field, text, "it has the character '" + c + "'; an id is decimal digits only");
            }
        }
        BigInteger big = new BigInteger(text);
        if (big.compareTo(MAX) > 0) {
            throw new InvalidIdException(field, text, "it is larger than 9223372036854775807 (2^63-1)");
        }
        return checkPositive(field, big.longValue(), text);
    }

    private static long checkPositive(String field, long id, String text) {
        if (id < 1) {
            throw new InvalidIdException(field, text, "ids are positive (1 or more)");
        }
        return id;
    }

    private static String describe(Object value) {
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return "decimal number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value.getClass().getSimpleName();
    }
}
