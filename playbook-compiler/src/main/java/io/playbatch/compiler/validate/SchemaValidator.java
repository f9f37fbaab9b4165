package io.playbatch.compiler.validate;

import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.dsl.DurationSyntax;
import io.playbatch.compiler.dsl.PlaybookSchema;
import io.playbatch.compiler.yaml.YamlList;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks a positioned YAML tree against the {@link PlaybookSchema}: types, required and unknown
 * keys, enums, constants, patterns, minimums, maximums (also {@code x-maximum} of a duration) and
 * list sizes, reporting each violation at the YAML
 * key or value it concerns, with a fix hint ("did you mean", allowed values, an example).
 * Implements the subset of draft 2020-12 the schema uses; {@code oneOf} picks the alternative
 * matching the value's type (and required keys) so a mistake yields one diagnostic, not one per
 * alternative. The v1 forms are {@link LegacyForms}'s: reported first, each once with the v2 form, and
 * not again here. Thread-safe.
 */
public final class SchemaValidator {

    private static final BigDecimal BEYOND_ANY_BOUND = BigDecimal.TEN.pow(400);

    private final PlaybookSchema schema;
    private final LegacyForms legacyForms = new LegacyForms();
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    public SchemaValidator(PlaybookSchema schema) {
        this.schema = schema;
    }

    public void validate(YamlMap document, Diagnostics diagnostics) {
        check(document, schema.root(), "", null, legacyForms.check(document, diagnostics), diagnostics);
    }

    private void check(YamlNode value, JsonNode rawSchema, String path, String key, LegacyForms.Covered covered,
            Diagnostics out) {
        JsonNode s = schema.resolve(rawSchema);
        if (s == null || !s.isObject() || covered.node(value)) {
            return;
        }
        if (s.has("oneOf")) {
            checkOneOf(value, s.get("oneOf"), path, key, covered, out);
            return;
        }
        if (s.has("const")) {
            String expected = s.get("const").asString();
            if (!(value instanceof YamlScalar scalar) || !expected.equals(scalar.value())) {
                out.error(DiagnosticCode.UNSUPPORTED_VERSION, value.position(),
                        "`" + key + "` is " + describe(value) + ", expected `" + expected + "`",
                        key + ": " + expected);
            }
            return;
        }
        if (s.has("enum")) {
            checkEnum(value, s.get("enum"), path, key, out);
            return;
        }
        if (s.has("type") && !typeMatches(value, s.get("type").asString())) {
            out.error(DiagnosticCode.WRONG_TYPE, value.position(), where(path) + " is " + article(value.typeName())
                    + ", expected " + typePhrase(s.get("type").asString()), typePhrase(s.get("type").asString()));
            return;
        }
        if (value instanceof YamlMap map) {
            checkObject(map, s, path, covered, out);
        } else if (value instanceof YamlList list) {
            checkArray(list, s, path, covered, out);
        } else if (value instanceof YamlScalar scalar) {
            checkScalar(scalar, s, path, out);
        }
    }

    private void checkObject(YamlMap map, JsonNode s, String path, LegacyForms.Covered covered, Diagnostics out) {
        JsonNode properties = s.get("properties");
        JsonNode additional = s.get("additionalProperties");
        for (YamlMap.Entry entry : map.entries()) {
            String childPath = path.isEmpty() ? entry.key() : path + "." + entry.key();
            JsonNode propertySchema = properties == null ? null : properties.get(entry.key());
            if (covered.node(entry.value())) {
                continue;
            }
            if (propertySchema != null) {
                check(entry.value(), propertySchema, childPath, entry.key(), covered, out);
            } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                if (path.equals("mcp") || path.startsWith("mcp.")) {
                    reportUnknownMcpKey(entry, properties, path, out);
                } else if (entry.key().equals("with") && map.get("task") instanceof YamlScalar task
                        && task.isString()) {
                    out.error(DiagnosticCode.MCP_LEGACY_WITH, entry.keyPosition(),
                            "workflow." + map.string("step") + ".with: 'with' was removed in v2");
                } else {
                    reportUnknownKey(entry, properties, path, out);
                }
            } else if (additional != null && additional.isObject()) {
                check(entry.value(), additional, childPath, entry.key(), covered, out);
            }
        }
        JsonNode required = s.get("required");
        if (required != null) {
            for (JsonNode name : required) {
                if (!map.has(name.asString()) && !covered.required(map, name.asString())) {
                    out.error(DiagnosticCode.MISSING_KEY, map.position(),
                            where(path) + " has no `" + name.asString() + "`", name.asString());
                }
            }
        }
    }

    private void reportUnknownKey(YamlMap.Entry entry, JsonNode properties, String path, Diagnostics out) {
        List<String> allowed = properties == null ? List.of() : new ArrayList<>(properties.propertyNames());
        String hint = Suggestions.didYouMean(entry.key(), allowed,
                "the keys allowed here are " + String.join(", ", allowed.stream().map(k -> "`" + k + "`").toList()));
        out.error(DiagnosticCode.UNKNOWN_KEY, entry.keyPosition(),
                "unknown key `" + entry.key() + "` in " + where(path), hint);
    }

    /** MCP001: the fixed message of docs/mcp.md#validation-compiler-no-network, with the allowed keys sorted. */
    private void reportUnknownMcpKey(YamlMap.Entry entry, JsonNode properties, String path, Diagnostics out) {
        List<String> allowed = properties == null ? List.of() : new ArrayList<>(properties.propertyNames());
        allowed.sort(null);
        out.error(DiagnosticCode.MCP_UNKNOWN_KEY, entry.keyPosition(), path + ": unknown key '" + entry.key()
                + "'; allowed: " + String.join(", ", allowed),
                Suggestions.didYouMean(entry.key(), allowed, "remove it; see docs/mcp.md for the keys of this mapping"));
    }

    private void checkArray(YamlList list, JsonNode s, String path, LegacyForms.Covered covered, Diagnostics out) {
        if (s.has("minItems") && list.items().size() < s.get("minItems").asInt()) {
            out.error(DiagnosticCode.EMPTY_LIST, list.position(), where(path) + " is empty", "item");
        }
        JsonNode items = s.get("items");
        if (items != null) {
            for (int i = 0; i < list.items().size(); i++) {
                check(list.items().get(i), items, path + "[" + i + "]", null, covered, out);
            }
        }
    }

    private void checkScalar(YamlScalar scalar, JsonNode s, String path, Diagnostics out) {
        if (s.has("pattern") && scalar.value() instanceof String text
                && !patterns.computeIfAbsent(s.get("pattern").asString(), Pattern::compile).matcher(text).matches()) {
            String code = s.has("x-code") ? s.get("x-code").asString() : null;
            if (DiagnosticCode.BAD_DURATION.code().equals(code)) {
                out.error(DiagnosticCode.BAD_DURATION, scalar.position(),
                        "`" + text + "` is not a duration (" + where(path) + ")");
            } else {
                String example = s.has("x-example") ? s.get("x-example").asString() : "name";
                out.error(DiagnosticCode.INVALID_NAME, scalar.position(),
                        "`" + text + "` is not a valid " + lastSegment(path) + " (" + where(path) + ")",
                        "use lower-case letters, digits and `_`, starting with a letter, for example `" + example + "`");
            }
        }
        if (s.has("x-maximum") && scalar.value() instanceof String text && isLongerThan(text, s.get("x-maximum"))) {
            String maximum = s.get("x-maximum").asString();
            out.error(DiagnosticCode.VALUE_TOO_LARGE, scalar.position(),
                    where(path) + " is " + abbreviate(text) + ", longer than the maximum " + maximum, maximum);
        }
        if (s.has("maximum") && scalar.value() instanceof Number number
                && decimal(number).compareTo(new BigDecimal(s.get("maximum").asString())) > 0) {
            out.error(DiagnosticCode.VALUE_TOO_LARGE, scalar.position(),
                    where(path) + " is " + abbreviate(number.toString()) + ", above the maximum "
                            + s.get("maximum").asString(), s.get("maximum").asString());
        }
        if (s.has("minimum") && scalar.value() instanceof Number number
                && decimal(number).compareTo(new BigDecimal(s.get("minimum").asString())) < 0) {
            out.error(DiagnosticCode.VALUE_OUT_OF_RANGE, scalar.position(),
                    where(path) + " is " + abbreviate(number.toString()) + ", below the minimum "
                            + s.get("minimum").asString(),
                    s.get("minimum").asString());
        }
    }

    /**
     * Whether a duration is longer than {@code maximum}; one too long for a {@link java.time.Duration}
     * (twenty digits of days) is longer than any maximum. Text that is no duration is PB032's.
     */
    private static boolean isLongerThan(String text, JsonNode maximum) {
        if (!text.strip().matches("[0-9]+(ms|s|m|h|d)")) {
            return false;
        }
        Duration limit = DurationSyntax.parse(maximum.asString()).orElseThrow();
        return DurationSyntax.parse(text).map(d -> d.compareTo(limit) > 0).orElse(true);
    }

    /** YAML's {@code .inf} and {@code .nan} as numbers beyond any bound ({@code .nan} above, too). */
    private static BigDecimal decimal(Number number) {
        if (number instanceof Double d && (d.isInfinite() || d.isNaN())) {
            return d == Double.NEGATIVE_INFINITY ? BEYOND_ANY_BOUND.negate() : BEYOND_ANY_BOUND;
        }
        return new BigDecimal(number.toString());
    }

    /** A number or duration as written, its middle left out when it is too long to be worth reading. */
    private static String abbreviate(String text) {
        return text.length() <= 24 ? text : text.substring(0, 10) + "…" + text.substring(text.length() - 10)
                + " (" + text.length() + " characters)";
    }

    private void checkEnum(YamlNode value, JsonNode allowedNode, String path, String key, Diagnostics out) {
        List<String> allowed = new ArrayList<>();
        allowedNode.forEach(v -> allowed.add(v.asString()));
        if (value instanceof YamlScalar scalar && scalar.value() instanceof String text && allowed.contains(text)) {
            return;
        }
        String list = String.join(", ", allowed.stream().map(v -> "`" + v + "`").toList());
        String hint = value instanceof YamlScalar scalar
                ? Suggestions.closest(scalar.text(), allowed).map(c -> "did you mean `" + c + "`? allowed: " + list)
                        .orElse("use one of " + list)
                : "use one of " + list;
        out.error(DiagnosticCode.INVALID_VALUE, value.position(),
                where(path) + " is " + describe(value) + ", not an allowed value", hint);
    }

    private void checkOneOf(YamlNode value, JsonNode alternatives, String path, String key,
            LegacyForms.Covered covered, Diagnostics out) {
        List<JsonNode> byType = new ArrayList<>();
        for (JsonNode alternative : alternatives) {
            JsonNode resolved = schema.resolve(alternative);
            if (!resolved.has("type") || typeMatches(value, resolved.get("type").asString())) {
                byType.add(resolved);
            }
        }
        if (byType.isEmpty()) {
            List<String> phrases = new ArrayList<>();
            for (JsonNode alternative : alternatives) {
                String phrase = typePhrase(schema.resolve(alternative).path("type").asString());
                if (!phrases.contains(phrase)) {
                    phrases.add(phrase);
                }
            }
            String expected = String.join(" or ", phrases);
            out.error(DiagnosticCode.WRONG_TYPE, value.position(),
                    where(path) + " is " + article(value.typeName()) + ", expected " + expected, expected);
            return;
        }
        JsonNode chosen = byType.get(0);
        if (byType.size() > 1 && value instanceof YamlMap map) {
            for (JsonNode candidate : byType) {
                JsonNode required = candidate.get("required");
                boolean all = required != null && required.size() > 0;
                if (required != null) {
                    for (JsonNode name : required) {
                        all &= map.has(name.asString());
                    }
                }
                boolean any = false;
                if (required != null) {
                    for (JsonNode name : required) {
                        any |= map.has(name.asString());
                    }
                }
                if (all) {
                    chosen = candidate;
                    break;
                }
                if (any) {
                    chosen = candidate;
                }
            }
        }
        check(value, chosen, path, key, covered, out);
    }

    private static boolean typeMatches(YamlNode value, String type) {
        String actual = value.typeName();
        return switch (type) {
            case "number" -> actual.equals("number") || actual.equals("integer");
            case "" -> true;
            default -> actual.equals(type);
        };
    }

    private static String typePhrase(String type) {
        return switch (type) {
            case "object" -> "a mapping (`key: value` lines or `{ ... }`)";
            case "array" -> "a list (`- item` lines or `[ ... ]`)";
            case "string" -> "a string";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "`true` or `false`";
            default -> "a value";
        };
    }

    private static String article(String typeName) {
        return switch (typeName) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "a whole number";
            case "null" -> "empty";
            default -> "a " + typeName;
        };
    }

    private static String describe(YamlNode value) {
        return value instanceof YamlScalar scalar && scalar.value() != null ? "`" + scalar.text() + "`"
                : article(value.typeName());
    }

    private static String where(String path) {
        return path.isEmpty() ? "the document" : "`" + path + "`";
    }

    private static String lastSegment(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        int bracket = last.indexOf('[');
        return bracket >= 0 ? last.substring(0, bracket) : last;
    }
}
