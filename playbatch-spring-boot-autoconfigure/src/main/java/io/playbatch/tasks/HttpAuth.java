package io.playbatch.tasks;

import io.playbatch.compiler.dsl.HttpAuthType;
import io.playbatch.taskmodel.TaskFailure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The header an {@code http} task's {@code args.auth} adds (docs/dsl.md#http-auth): {@code bearer}
 * ({@code token}), {@code basic} ({@code user}, {@code password}) or {@code api_key}
 * ({@code header}, {@code value}). It is built by the worker from args whose secrets are already
 * resolved, so the value, and for basic the Base64 of {@code user:password}, exists only in the
 * worker's memory for the request. {@code secret} is, for basic, the encoded credential, which the
 * task takes back out of what the server answers (null otherwise). Immutable.
 */
record HttpAuth(String header, String value, String secret) {

    /** What an echoed Basic credential becomes; no secret can have this name, so no worker resolves it. */
    static final String SCRUBBED = "[secret:basic-auth]";


    /** The header {@code auth} asks for; empty auth (absent) is null. */
    static HttpAuth of(Object auth) {
        if (auth == null) {
            return null;
        }
        if (!(auth instanceof Map<?, ?> map)) {
            throw bad("args.auth must be a mapping such as {type: bearer, token: \"$secrets.NAME\"}");
        }
        String type = String.valueOf(map.get("type"));
        HttpAuthType known = HttpAuthType.named(type).orElseThrow(() -> bad("args.auth.type is '" + type
                + "'; write " + HttpAuthType.described()));
        List<String> fields = known.fields();
        Set<String> unknown = new TreeSet<>();
        map.keySet().forEach(key -> unknown.add(String.valueOf(key)));
        unknown.remove("type");
        fields.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw bad("args.auth of type " + type + " takes " + String.join(" and ", fields) + ", not " + unknown);
        }
        for (String field : fields) {
            if (!(map.get(field) instanceof String text) || text.isEmpty()) {
                throw bad("args.auth of type " + type + " needs " + field + " as a non-empty string");
            }
        }
        return switch (known) {
            // The worker masks a resolved token or value itself (TaskRunner), with the secret's name.
            case BEARER -> new HttpAuth("Authorization", "Bearer " + map.get("token"), null);
            case BASIC -> basic((String) map.get("user"), (String) map.get("password"));
            case API_KEY -> new HttpAuth((String) map.get("header"), (String) map.get("value"), null);
        };
    }

    private static HttpAuth basic(String user, String password) {
        if (user.indexOf(':') >= 0) {
            throw bad("args.auth.user may not contain ':' (HTTP Basic separates user and password with it)");
        }
        String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new HttpAuth("Authorization", "Basic " + encoded, encoded);
    }

    /** Whether {@code headers} (args.headers) already sets this header, which would send it twice. */
    boolean collidesWith(Map<String, Object> headers) {
        return headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase(header));
    }

    /**
     * {@code text} with the Basic credential replaced by {@value #SCRUBBED}: the worker masks the
     * secrets it resolved, but not the Base64 of {@code user:password}, which only exists here.
     */
    String scrub(String text) {
        return text == null || secret == null ? text : text.replace(secret, SCRUBBED);
    }

    @Override
    public String toString() {
        // Never the value: this record may end up in a message.
        return "HttpAuth[" + header + "]";
    }

    private static TaskFailure bad(String message) {
        return new TaskFailure("bad_args", "http task: " + message);
    }
}
