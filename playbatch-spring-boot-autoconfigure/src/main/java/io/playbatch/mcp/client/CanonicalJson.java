package io.playbatch.mcp.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON text of a JSON-like value (maps, lists, strings, numbers, booleans, null) and
 * its SHA-256: the one definition the online check uses to compare a pinned {@code input_schema}
 * with a server's (MCP071, docs/mcp.md "Online check"). Canonical means: object keys sorted by
 * {@link String#compareTo} (UTF-16 code units), no whitespace, strings escaped only where JSON
 * requires it ({@code "}, {@code \}, control characters as {@code \b \t \n \f \r} or
 * <code>&#92;u00xx</code>; everything else as itself), numbers with an integral value written as integers
 * ({@code 1.0} is {@code 1}) and others as plain decimals without exponent or trailing zeros. So a
 * schema pinned in YAML and the same schema sent as JSON by a server have the same text, whatever
 * their key order, spacing or number spelling. The digest is of the text's UTF-8 bytes, in lowercase
 * hex. Stateless and thread-safe.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** The canonical text of {@code value}; a value that is not JSON-like is an {@link IllegalArgumentException}. */
    public static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** The SHA-256 of {@link #of(Object)}'s UTF-8 bytes, 64 lowercase hex digits. */
    public static String sha256(Object value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(of(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Number n) {
            out.append(number(n));
        } else if (value instanceof Map<?, ?> map) {
            List<String> keys = new ArrayList<>();
            map.keySet().forEach(k -> keys.add(String.valueOf(k)));
            keys.sort(String::compareTo);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(keys.get(i), out);
                out.append(':');
                write(map.get(keys.get(i)), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static String number(Number n) {
        BigDecimal decimal;
        if (n instanceof BigDecimal d) {
            decimal = d;
        } else if (n instanceof BigInteger i) {
            decimal = new BigDecimal(i);
        } else if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("not a JSON number: " + n);
            }
            decimal = new BigDecimal(n.toString());
        } else {
            decimal = BigDecimal.valueOf(n.longValue());
        }
        decimal = decimal.stripTrailingZeros();
        return decimal.scale() <= 0 ? decimal.toBigIntegerExact().toString() : decimal.toPlainString();
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
