package io.playbatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One request to a Playbatch server and its whole answer, sent with the JDK's {@link HttpURLConnection}
 * rather than {@code java.net.http.HttpClient}: the latter sets up TLS (the default trust store) and a
 * selector thread before its first request, which cost a command through a server about a tenth of its
 * life even on plain http. Not thread-safe; build one per request.
 */
final class ServerRequest {

    /** An answer: its status, its {@code Content-Type} (empty when none), {@code Retry-After} and body. */
    record Answer(int status, String contentType, OptionalLong retryAfterSeconds, String body) {

        boolean isJson() {
            return contentType.contains("json") && !body.isEmpty();
        }
    }

    private final URI url;
    private final String method;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;

    ServerRequest(String method, URI url) {
        this.method = method;
        this.url = url;
    }

    URI url() {
        return url;
    }

    String method() {
        return method;
    }

    ServerRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A JSON body (a POST's). */
    ServerRequest json(String json) {
        headers.put("Content-Type", "application/json");
        this.body = json;
        return this;
    }

    /**
     * Sends the request and reads the whole answer, within {@code connectTimeout} to connect and
     * {@code readTimeout} for each read. An error status is an answer, not an exception.
     */
    Answer send(Duration connectTimeout, Duration readTimeout) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        try {
            connection.setRequestMethod(method);
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            connection.setInstanceFollowRedirects(false);
            headers.forEach(connection::setRequestProperty);
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                // A fixed-length body is streamed, and a streamed POST is never silently sent a second
                // time by HttpURLConnection when its answer fails to arrive: a start must not run twice.
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            String contentType = connection.getContentType();
            String retryAfter = connection.getHeaderField("Retry-After");
            return new Answer(status, contentType == null ? "" : contentType, seconds(retryAfter), read(connection, status));
        } finally {
            connection.disconnect();
        }
    }

    private static String read(HttpURLConnection connection, int status) throws IOException {
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static OptionalLong seconds(String value) {
        try {
            return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            // An HTTP date instead of seconds: the caller's default wait applies.
            return OptionalLong.empty();
        }
    }
}
