package io.playbatch.chaos;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The side effect that chaos experiments count: an HTTP server on 127.0.0.1 (a free port) that
 * answers {@code POST /item/KEY} with 200 after {@code delay} and counts every request per key, so
 * a key never seen is an item lost and a key seen twice is an item duplicated. Thread-safe.
 */
final class CountingHttpServer implements AutoCloseable {

    private final HttpServer server;
    // Enough threads that the server is never the bottleneck of 200 simultaneous starts.
    private final ExecutorService threads = Executors.newFixedThreadPool(64);
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    CountingHttpServer(Duration delay) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the counting HTTP server", e);
        }
        server.createContext("/item/", exchange -> {
            String key = exchange.getRequestURI().getPath().substring("/item/".length());
            try {
                // The delay keeps each item in flight for a while, so that a fault lands on running tasks.
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests named {@code key}. */
    int hits(String key) {
        AtomicInteger count = hits.get(key);
        return count == null ? 0 : count.get();
    }

    /** Of {@code keys}, how many were requested at least once. */
    int seen(Collection<String> keys) {
        return (int) keys.stream().filter(key -> hits(key) > 0).count();
    }

    /** Of {@code keys}, how many were never requested. */
    int lost(Collection<String> keys) {
        return keys.size() - seen(keys);
    }

    /** Requests beyond the first, over {@code keys}. */
    int duplicated(Collection<String> keys) {
        return keys.stream().mapToInt(key -> Math.max(0, hits(key) - 1)).sum();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
