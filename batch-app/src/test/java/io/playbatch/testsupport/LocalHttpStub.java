package io.playbatch.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on 127.0.0.1 (random port) for tests: each path answers a fixed status and JSON
 * body, or a sequence of statuses; it counts the calls per path so tests can prove what ran. A body
 * may echo the request's query ({@code {query}}) and headers ({@code {header:NAME}}).
 */
public final class LocalHttpStub implements AutoCloseable {

    /** One scripted answer. */
    public record Answer(int status, String contentType, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }
    }

    /** {@code {header:NAME}} in an answer's body: the request's header NAME, as an echoing server sends it back. */
    private static final Pattern ECHOED_HEADER = Pattern.compile("\\{header:([A-Za-z0-9-]+)}");

    private final HttpServer server;
    private final Map<String, java.util.List<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, com.sun.net.httpserver.Headers> lastHeaders = new ConcurrentHashMap<>();

    public LocalHttpStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            lastHeaders.put(path, exchange.getRequestHeaders());
            int call = calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            java.util.List<Answer> script = answers.getOrDefault(path, java.util.List.of(new Answer(404, "text/plain",
                    "no stub for " + path)));
            Answer answer = script.get(Math.min(call, script.size()) - 1);
            String text = answer.body().replace("{query}", String.valueOf(exchange.getRequestURI().getRawQuery()));
            Matcher echoed = ECHOED_HEADER.matcher(text);
            byte[] body = echoed.replaceAll(m -> Matcher.quoteReplacement(
                    String.valueOf(exchange.getRequestHeaders().getFirst(m.group(1))))).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** Answers {@code path} with these answers in order, the last one repeating. */
    public LocalHttpStub on(String path, Answer... script) {
        answers.put(path, java.util.List.of(script));
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int calls(String path) {
        AtomicInteger count = calls.get(path);
        return count == null ? 0 : count.get();
    }

    /** The value of header {@code name} in the last request to {@code path}, or null. */
    public String lastHeader(String path, String name) {
        com.sun.net.httpserver.Headers headers = lastHeaders.get(path);
        return headers == null ? null : headers.getFirst(name);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
