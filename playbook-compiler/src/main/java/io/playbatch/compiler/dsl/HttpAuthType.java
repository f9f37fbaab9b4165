package io.playbatch.compiler.dsl;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of {@code auth} an {@code http} task takes (docs/dsl.md#http-auth) and the fields each
 * needs: the one definition that {@code validate} checks a playbook against and the worker builds
 * the header from.
 */
public enum HttpAuthType {
    BEARER("bearer", List.of("token")),
    BASIC("basic", List.of("user", "password")),
    API_KEY("api_key", List.of("header", "value"));

    private final String typeName;
    private final List<String> fields;

    HttpAuthType(String typeName, List<String> fields) {
        this.typeName = typeName;
        this.fields = fields;
    }

    /** How {@code auth.type} names it. */
    public String typeName() {
        return typeName;
    }

    /** The fields it needs besides {@code type}, all required. */
    public List<String> fields() {
        return fields;
    }

    public static Optional<HttpAuthType> named(String name) {
        return Arrays.stream(values()).filter(type -> type.typeName.equals(name)).findFirst();
    }

    /** Every type's name. */
    public static List<String> names() {
        return Arrays.stream(values()).map(HttpAuthType::typeName).toList();
    }

    /** For messages: "`bearer` (token), `basic` (user, password) or `api_key` (header, value)". */
    public static String described() {
        List<String> each = Arrays.stream(values())
                .map(type -> "`" + type.typeName + "` (" + String.join(", ", type.fields) + ")").toList();
        return String.join(", ", each.subList(0, each.size() - 1)) + " or " + each.get(each.size() - 1);
    }
}
