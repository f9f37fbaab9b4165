package io.playbatch.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Takes the secrets a task was given back out of what the task returns: every occurrence of a
 * resolved value becomes the secret's inert reference {@code [secret:NAME]}, and so does a
 * reference the data carries itself ({@code ${secret:NAME}} or {@code {"$secret": NAME}}), before the result, the
 * error or a log line is stored or logged (docs/secrets.md, "What a task returns"). Besides the
 * value as it is, it recognises the forms a task echoes without meaning to: JSON-escaped (a body
 * quoted inside a string), URL-encoded (a query string sent back) and Base64 of the value alone.
 * A value shorter than {@link #MIN_LENGTH} characters is not masked: it would blank out ordinary
 * text everywhere (a secret {@code 1} would mask every digit one), so the resolver warns about it
 * instead. Immutable and thread-safe.
 */
public final class SecretMask {

    /** The shortest value masked. */
    public static final int MIN_LENGTH = 4;

    private static final SecretMask NONE = new SecretMask(Map.of());

    /** Each recognised form of a value and the reference it becomes. */
    private final Map<String, String> references;

    /** All the forms at once, longest first, so a value containing another is masked whole. */
    private final Pattern forms;

    private SecretMask(Map<String, String> references) {
        this.references = references;
        this.forms = references.isEmpty() ? null : Pattern.compile(references.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .map(Pattern::quote)
                .collect(Collectors.joining("|")));
    }

    /** The mask of a task that was given no secret: it changes nothing. */
    public static SecretMask none() {
        return NONE;
    }

    /** The mask of these resolved secrets, by name; values shorter than {@link #MIN_LENGTH} are left out. */
    public static SecretMask of(Map<String, String> valuesByName) {
        Map<String, String> references = new LinkedHashMap<>();
        valuesByName.forEach((name, value) -> {
            if (value != null && value.length() >= MIN_LENGTH) {
                String reference = new SecretReference(name).inert();
                for (String form : forms(value)) {
                    references.putIfAbsent(form, reference);
                }
            }
        });
        return references.isEmpty() ? NONE : new SecretMask(Map.copyOf(references));
    }

    public boolean isEmpty() {
        return forms == null;
    }

    /**
     * {@code text} with every recognised form of a secret replaced by its reference, and every
     * placeholder {@code ${secret:NAME}} it carries made inert; null stays null.
     */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        return inert(forms == null ? text : replaceValues(text));
    }

    private String replaceValues(String text) {
        Matcher matcher = forms.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(references.get(matcher.group())));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Only a template names a secret: a placeholder that arrives in data (a server's answer, a
     * program's output) would otherwise be resolved by the worker of a later task that forwards it,
     * sending that secret's value wherever the data's author chose.
     */
    private static String inert(String text) {
        if (!text.contains("${secret:")) {
            return text;
        }
        return SecretReference.placeholders(text).replaceAll(m -> Matcher.quoteReplacement(
                new SecretReference(m.group(1)).inert()));
    }

    /**
     * A copy of {@code value} (maps, keys included, and lists recursively) with every string
     * masked. A number or boolean whose text holds a secret becomes the masked text: a secret made
     * of digits that a task returns as a JSON number must not survive as one.
     */
    public Object mask(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return mask(text);
        }
        SecretReference objectForm = SecretReference.ofObject(value);
        if (objectForm != null) {
            return objectForm.inert();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(mask(String.valueOf(k)), mask(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(mask(item)));
            return out;
        }
        if (forms != null && (value instanceof Number || value instanceof Boolean)) {
            String text = String.valueOf(value);
            String masked = mask(text);
            return masked.equals(text) ? value : masked;
        }
        return value;
    }

    private static List<String> forms(String value) {
        return Stream.of(value, jsonEscaped(value), URLEncoder.encode(value, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))).distinct().toList();
    }

    /** The value as it appears between the quotes of a JSON string. */
    private static String jsonEscaped(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
