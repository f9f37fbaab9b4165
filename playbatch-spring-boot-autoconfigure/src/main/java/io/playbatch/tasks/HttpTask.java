package io.playbatch.tasks;

import io.playbatch.compiler.dsl.DurationSyntax;
import io.playbatch.json.JsonCodec;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * {@code http}: one HTTP request with the JDK client. Args: {@code method} (default GET),
 * {@code url}, {@code headers}, {@code query} (appended, URL-encoded), a body as {@code json} (any
 * JSON value) or {@code body} (text), {@code timeout} (a duration like {@code 10s}) or
 * {@code timeout_ms} (default 30 s), {@code expect} (accepted status codes, default any 2xx), and
 * {@code auth} ({@link HttpAuth}: bearer, basic or api_key, whose secrets the worker has resolved).
 * Data: {@code {status, headers, body}}, the body parsed as JSON when the response says it is JSON.
 * An unexpected status fails with the status and a bounded excerpt of the body. Thread-safe.
 */
@Component
public class HttpTask implements Task {

    static final int EXCERPT_CHARS = 500;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final JsonCodec json;

    public HttpTask(JsonCodec json) {
        this.json = json;
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public Object run(RenderedTask task, TaskContext context) throws InterruptedException {
        Map<String, Object> args = task.args();
        String method = String.valueOf(args.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
        URI uri = uri(args);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout(args));
        Map<String, Object> headers = map(args.get("headers"), "headers");
        headers.forEach((name, value) -> request.header(name, String.valueOf(value)));
        HttpAuth auth = HttpAuth.of(args.get("auth"));
        if (auth != null) {
            authorize(request, auth, headers);
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (args.containsKey("json") && args.containsKey("body")) {
            throw new TaskFailure("bad_args", "http task: give the body as args.json or args.body, not both");
        }
        if (args.containsKey("json")) {
            body = HttpRequest.BodyPublishers.ofString(json.write(args.get("json")));
            request.header("Content-Type", "application/json");
        } else if (args.containsKey("body")) {
            body = HttpRequest.BodyPublishers.ofString(String.valueOf(args.get("body")));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new TaskFailure("http_timeout", method + " " + uri + " did not answer within " + timeout(args));
        } catch (IOException e) {
            throw new TaskFailure("http_unreachable", method + " " + uri + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        if (!expected(args.get("expect"), response.statusCode())) {
            throw new TaskFailure("http_status", method + " " + uri + " answered " + response.statusCode()
                    + " (expected " + (args.get("expect") == null ? "2xx" : args.get("expect")) + "): "
                    + excerpt(auth == null ? response.body() : auth.scrub(response.body())));
        }
        UnaryOperator<String> scrub = auth == null ? UnaryOperator.identity() : auth::scrub;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", response.statusCode());
        data.put("headers", response.headers().map().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> scrub.apply(String.join(", ", e.getValue())),
                        (a, b) -> a, LinkedHashMap::new)));
        data.put("body", parseBody(response, scrub.apply(response.body())));
        return data;
    }

    private static void authorize(HttpRequest.Builder request, HttpAuth auth, Map<String, Object> headers) {
        if (auth.collidesWith(headers)) {
            throw new TaskFailure("bad_args", "http task: args.auth and args.headers both set the header "
                    + auth.header() + "; remove it from args.headers");
        }
        try {
            request.header(auth.header(), auth.value());
        } catch (IllegalArgumentException e) {
            // The JDK's message may quote the value, which can be a secret: name the header only.
            throw new TaskFailure("bad_args", "http task: args.auth cannot set the header '" + auth.header()
                    + "' (not a valid or allowed header name, or a value with a line break); use a header such as"
                    + " X-Api-Key");
        }
    }

    private Object parseBody(HttpResponse<String> response, String body) {
        boolean isJson = response.headers().firstValue("Content-Type")
                .map(type -> type.toLowerCase(Locale.ROOT).contains("json")).orElse(false);
        if (!isJson || body.isBlank()) {
            return body;
        }
        try {
            return json.read(body);
        } catch (RuntimeException e) {
            throw new TaskFailure("http_bad_json", "the response says it is JSON but is not: " + excerpt(body));
        }
    }

    private static URI uri(Map<String, Object> args) {
        Object url = args.get("url");
        if (url == null) {
            throw new TaskFailure("bad_args", "http task needs args.url");
        }
        String query = map(args.get("query"), "query").entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(String.valueOf(e.getValue())))
                .collect(Collectors.joining("&"));
        String full = query.isEmpty() ? String.valueOf(url) : url + (String.valueOf(url).contains("?") ? "&" : "?") + query;
        try {
            URI uri = URI.create(full);
            if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme())) {
                throw new IllegalArgumentException("the scheme must be http or https");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new TaskFailure("bad_args", "http task: args.url '" + full + "' is not a valid http(s) URL: "
                    + e.getMessage());
        }
    }

    private static Duration timeout(Map<String, Object> args) {
        if (args.get("timeout_ms") instanceof Number ms) {
            return Duration.ofMillis(ms.longValue());
        }
        if (args.get("timeout") != null) {
            return DurationSyntax.parse(String.valueOf(args.get("timeout"))).orElseThrow(() -> new TaskFailure(
                    "bad_args", "http task: args.timeout '" + args.get("timeout") + "' is not a duration like 10s"));
        }
        return DEFAULT_TIMEOUT;
    }

    private static boolean expected(Object expect, int status) {
        if (expect == null) {
            return status >= 200 && status < 300;
        }
        if (expect instanceof List<?> codes) {
            return codes.stream().anyMatch(code -> String.valueOf(code).equals(String.valueOf(status)));
        }
        return String.valueOf(expect).equals(String.valueOf(status));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String name) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new TaskFailure("bad_args", "http task: args." + name + " must be a mapping");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static String excerpt(String body) {
        String flat = body == null ? "" : body.strip();
        return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "… (" + flat.length()
                + " characters)";
    }
}
