package io.playbatch.mcp;

import com.sun.net.httpserver.HttpServer;
import io.playbatch.json.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible chat completions endpoint for tests (docs/mcp.md#tests layer 3):
 * {@code POST /v1/chat/completions} on the loopback address and a free port, answering from a
 * script of canned replies in order (tool calls, a final answer, or an HTTP error such as 429 or
 * 500). It records every request body so tests can assert the transcript, the
 * {@code tool_call_id} pairing and the tools offered. Thread-safe.
 */
public final class FakeModelServer implements AutoCloseable {

    /** One scripted reply: an HTTP status and, for 200, the assistant message and finish reason. */
    public record Reply(int status, Map<String, Object> message, String finishReason) {
    }

    private final JsonCodec json = new JsonCodec();
    private final HttpServer server;
    private final Deque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();

    public FakeModelServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/chat/completions", exchange -> {
            Map<String, Object> request = json.readMap(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            requests.add(request);
            Reply reply = script.poll();
            int status;
            String body;
            if (reply == null) {
                status = 500;
                body = "{\"error\":\"the fake model has no scripted reply left\"}";
            } else if (reply.status() != 200) {
                status = reply.status();
                body = "{\"error\":\"scripted " + reply.status() + "\"}";
            } else {
                status = 200;
                Map<String, Object> choice = new LinkedHashMap<>();
                choice.put("index", 0);
                choice.put("message", reply.message());
                choice.put("finish_reason", reply.finishReason());
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("id", "chatcmpl-" + requests.size());
                answer.put("object", "chat.completion");
                answer.put("model", request.get("model"));
                answer.put("choices", List.of(choice));
                answer.put("usage", Map.of("prompt_tokens", 10, "completion_tokens", 5, "total_tokens", 15));
                body = json.write(answer);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** The base URL a playbook's model uses: {@code http://127.0.0.1:PORT/v1}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/v1";
    }

    /** Queues replies, answered in order. */
    public FakeModelServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** A reply asking for tool calls: each {@code calls} pair is a tool name and its arguments as JSON text. */
    public static Reply toolCalls(String... nameThenArguments) {
        List<Object> calls = new ArrayList<>();
        for (int i = 0; i < nameThenArguments.length; i += 2) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", nameThenArguments[i]);
            function.put("arguments", nameThenArguments[i + 1]);
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("id", "call_" + (i / 2) + "_" + nameThenArguments[i]);
            call.put("type", "function");
            call.put("function", function);
            calls.add(call);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", null);
        message.put("tool_calls", calls);
        return new Reply(200, message, "tool_calls");
    }

    /** A final answer without tool calls. */
    public static Reply answer(String content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", content);
        return new Reply(200, message, "stop");
    }

    /** An HTTP error status (429, 500, 400, ...). */
    public static Reply status(int status) {
        return new Reply(status, null, null);
    }

    /** Every request body received, in order. */
    public List<Map<String, Object>> requests() {
        return List.copyOf(requests);
    }

    /** The messages of request {@code i}. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> messages(int i) {
        return (List<Map<String, Object>>) requests.get(i).get("messages");
    }

    public void reset() {
        script.clear();
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
