package io.playbatch.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An MCP server for tests (docs/mcp.md#tests layer 2): the official SDK's stateless server on embedded
 * Tomcat at 127.0.0.1 and a free port (read back from the connector, race-free). Tools:
 * {@code echo}, {@code customers.get} (structured, with an output schema), {@code tickets.create}
 * (counts its calls: the exactly-once checks), {@code fail} ({@code isError}), {@code slow} (blocks
 * on {@link #slowGate}), {@code get_job_log}, {@code search_runbook}, {@code post_summary};
 * resources {@code crm://policies/sla}, {@code ops://runbook/batch}, the blob {@code blob://logo.bin}
 * and the template {@code file:///logs/{date}.log}. It records every call. Register it with
 * {@code @RegisterExtension static}; {@link #main} serves the stdio variant (example 3).
 */
public final class McpTestServer implements BeforeAllCallback, AfterAllCallback {

    /** The bytes of {@code blob://logo.bin}. */
    public static final byte[] BLOB = "PNG-ish bytes \u0000\u0001\u0002".getBytes(StandardCharsets.ISO_8859_1);

    public final AtomicInteger ticketsCreated = new AtomicInteger();
    public final List<CallToolRequest> calls = new CopyOnWriteArrayList<>();
    /** The {@code Authorization} header of every tool call that had one. */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    public final Map<String, AtomicInteger> callsByTool = new ConcurrentHashMap<>();
    /** {@code slow} waits for this latch (at most 30 s); tests replace or count it down. */
    public volatile CountDownLatch slowGate = new CountDownLatch(1);
    /** Counted down when {@code slow} or {@code tickets.create} has started (a call reached the server). */
    public volatile CountDownLatch callArrived = new CountDownLatch(1);
    /** When set, {@code tickets.create} blocks on it after counting (a call whose answer never comes in time). */
    public volatile CountDownLatch ticketGate;
    private Tomcat tomcat;
    private McpStatelessSyncServer server;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void start() throws Exception {
        HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                .jsonMapper(McpJsonDefaults.getMapper()).messageEndpoint("/mcp")
                .contextExtractor(request -> McpTransportContext.create(request.getHeader("Authorization") == null
                        ? Map.of() : Map.of("authorization", request.getHeader("Authorization"))))
                .build();
        McpServer.StatelessSyncSpecification spec = McpServer.sync(transport).serverInfo("playbatch-test", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build());
        tools().forEach((tool, handler) -> spec.toolCall(tool, (ctx, request) -> {
            calls.add(request);
            if (ctx.get("authorization") != null) {
                authorizations.add(String.valueOf(ctx.get("authorization")));
            }
            callsByTool.computeIfAbsent(request.name(), n -> new AtomicInteger()).incrementAndGet();
            return handler.apply(ctx, request);
        }));
        for (McpSchema.Resource resource : resources().keySet()) {
            String text = resources().get(resource);
            spec.resources(new McpStatelessServerFeatures.SyncResourceSpecification(resource,
                    (ctx, request) -> read(resource, text)));
        }
        spec.resourceTemplates(new McpStatelessServerFeatures.SyncResourceTemplateSpecification(logTemplate(),
                (ctx, request) -> logFor(request.uri())));
        server = spec.build();
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("mcp-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
        context.addServletMappingDecoded("/mcp", "mcp");
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
    }

    public void stop() throws Exception {
        slowGate.countDown();
        if (ticketGate != null) {
            ticketGate.countDown();
        }
        if (server != null) {
            server.close();
        }
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /** The streamable HTTP endpoint, {@code http://127.0.0.1:PORT/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    public int calls(String tool) {
        AtomicInteger n = callsByTool.get(tool);
        return n == null ? 0 : n.get();
    }

    /** Forgets the recorded calls and resets the counters and latches between tests. */
    public void reset() {
        calls.clear();
        authorizations.clear();
        callsByTool.clear();
        ticketsCreated.set(0);
        slowGate.countDown();
        slowGate = new CountDownLatch(1);
        callArrived = new CountDownLatch(1);
        ticketGate = null;
    }

    private Map<McpSchema.Tool, BiFunction<McpTransportContext, CallToolRequest, CallToolResult>> tools() {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        Map<McpSchema.Tool, BiFunction<McpTransportContext, CallToolRequest, CallToolResult>> tools =
                new java.util.LinkedHashMap<>();
        tools.put(McpSchema.Tool.builder("echo", json, "{\"type\":\"object\"}").description("Echoes its arguments")
                .build(), (ctx, r) -> CallToolResult.builder().addTextContent(json(r.arguments()))
                .structuredContent(r.arguments()).build());
        tools.put(McpSchema.Tool.builder("customers.get", json,
                "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"string\"}}}")
                .description("A customer by id")
                .outputSchema(json, "{\"type\":\"object\",\"required\":[\"id\",\"name\",\"tier\"],\"properties\":"
                        + "{\"id\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"tier\":{\"type\":\"string\"}}}")
                .build(), (ctx, r) -> {
                    Map<String, Object> customer = Map.of("id", String.valueOf(r.arguments().get("id")),
                            "name", "Ada Lovelace", "tier", "gold");
                    return CallToolResult.builder().structuredContent(customer).addTextContent(json(customer)).build();
                });
        tools.put(McpSchema.Tool.builder("tickets.create", json, "{\"type\":\"object\"}")
                .description("Opens a ticket (a side effect)").build(), (ctx, r) -> {
                    int n = ticketsCreated.incrementAndGet();
                    callArrived.countDown();
                    await(ticketGate);
                    Map<String, Object> ticket = Map.of("ticket_id", "T-" + n,
                            "customer", String.valueOf(r.arguments().get("customer")));
                    return CallToolResult.builder().structuredContent(ticket).addTextContent(json(ticket)).build();
                });
        tools.put(indexLogTool(json), (ctx, r) -> indexLog(r));
        tools.put(McpSchema.Tool.builder("fail", json, "{\"type\":\"object\"}").description("Always fails").build(),
                (ctx, r) -> CallToolResult.builder().isError(true).addTextContent("boom: the tool failed").build());
        tools.put(McpSchema.Tool.builder("slow", json, "{\"type\":\"object\"}").description("Waits for the test")
                .build(), (ctx, r) -> {
                    callArrived.countDown();
                    await(slowGate);
                    return CallToolResult.builder().addTextContent("slow done").build();
                });
        tools.put(McpSchema.Tool.builder("get_job_log", json,
                "{\"type\":\"object\",\"required\":[\"run\"],\"properties\":{\"run\":{\"type\":\"string\"}}}")
                .description("The log of a batch run").build(), (ctx, r) -> CallToolResult.builder()
                .addTextContent("run " + r.arguments().get("run") + ": ERROR disk full on /var/batch at step load")
                .build());
        tools.put(McpSchema.Tool.builder("search_runbook", json,
                "{\"type\":\"object\",\"required\":[\"query\"],\"properties\":{\"query\":{\"type\":\"string\"}}}")
                .description("Searches the batch runbook").build(), (ctx, r) -> CallToolResult.builder()
                .addTextContent("Disk full: clean /var/batch/tmp. Severity: high.").build());
        tools.put(McpSchema.Tool.builder("post_summary", json, "{\"type\":\"object\"}")
                .description("Posts a triage summary").build(), (ctx, r) -> CallToolResult.builder()
                .structuredContent(Map.of("posted", true, "severity", String.valueOf(r.arguments().get("severity"))))
                .addTextContent("posted").build());
        return tools;
    }

    private static Map<McpSchema.Resource, String> resources() {
        Map<McpSchema.Resource, String> resources = new java.util.LinkedHashMap<>();
        resources.put(McpSchema.Resource.builder().uri("crm://policies/sla").name("sla").mimeType("text/markdown")
                .build(), "# SLA\nGold customers get an answer within 4 hours.");
        resources.put(McpSchema.Resource.builder().uri("ops://runbook/batch").name("runbook")
                .mimeType("text/markdown").build(), "# Batch runbook\nA full disk fails the load step.");
        resources.put(McpSchema.Resource.builder().uri("blob://logo.bin").name("logo")
                .mimeType("application/octet-stream").build(), null);
        return resources;
    }

    private static McpSchema.ReadResourceResult read(McpSchema.Resource resource, String text) {
        if (text == null) {
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.BlobResourceContents(resource.uri(),
                    resource.mimeType(), Base64.getEncoder().encodeToString(BLOB))));
        }
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(resource.uri(),
                resource.mimeType(), text)));
    }

    private static McpSchema.Tool indexLogTool(McpJsonMapper json) {
        return McpSchema.Tool.builder("index_log", json, "{\"type\":\"object\",\"required\":[\"uri\"],"
                + "\"properties\":{\"uri\":{\"type\":\"string\"},\"lines\":{\"type\":\"string\"}}}")
                .description("Indexes one log").build();
    }

    /** Counts the lines of one log: idempotent, so the example may retry it. */
    private static CallToolResult indexLog(CallToolRequest request) {
        String lines = String.valueOf(request.arguments().getOrDefault("lines", ""));
        Map<String, Object> indexed = Map.of("uri", String.valueOf(request.arguments().get("uri")),
                "lines", lines.isEmpty() ? 0 : lines.split("\n").length);
        return CallToolResult.builder().structuredContent(indexed).addTextContent(json(indexed)).build();
    }

    private static McpSchema.ResourceTemplate logTemplate() {
        return McpSchema.ResourceTemplate.builder("file:///logs/{date}.log", "day_log").mimeType("text/plain").build();
    }

    static McpSchema.ReadResourceResult logFor(String uri) {
        String date = uri.substring("file:///logs/".length(), uri.length() - ".log".length());
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "text/plain",
                date + " 06:00 load ok\n" + date + " 06:05 index ok")));
    }

    private static void await(CountDownLatch latch) {
        if (latch == null) {
            return;
        }
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String json(Object value) {
        try {
            return McpJsonDefaults.getMapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The stdio variant (tests/mcp/stdio-daily-logs): the log template and an idempotent
     * {@code index_log} tool that counts lines. It logs to stderr only, since stdout is the protocol.
     */
    public static void main(String[] args) throws Exception {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        McpSyncServer stdio = McpServer.sync(new StdioServerTransportProvider(json)).serverInfo("playbatch-files", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
                .resourceTemplates(new McpServerFeatures.SyncResourceTemplateSpecification(logTemplate(),
                        (exchange, request) -> logFor(request.uri())))
                .toolCall(indexLogTool(json), (exchange, request) -> indexLog(request))
                .build();
        new CountDownLatch(1).await();
        stdio.close();
    }
}
