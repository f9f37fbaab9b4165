package io.playbatch.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP client for console tests: GETs pages and POSTs forms as a page of the
 * console would (same Origin), optionally with a cookie; never follows redirects, so tests see them.
 */
final class ConsoleClient {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    ConsoleClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String base() {
        return base;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").GET(), null);
    }

    HttpResponse<String> get(String path, String cookie) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").GET(), cookie);
    }

    /** POSTs a form from {@code origin} (the console's own unless told otherwise). */
    HttpResponse<String> post(String path, Map<String, String> form, String cookie, String origin) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin == null ? base : origin)
                .POST(HttpRequest.BodyPublishers.ofString(body)), cookie);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String cookie) {
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
