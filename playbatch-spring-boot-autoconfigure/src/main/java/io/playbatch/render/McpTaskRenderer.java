package io.playbatch.render;

import io.playbatch.compiler.ir.McpResourceSpec;
import io.playbatch.compiler.ir.McpServerSpec;
import io.playbatch.compiler.ir.McpToolSpec;
import io.playbatch.compiler.ir.TaskSpec;
import io.playbatch.taskmodel.RenderedTask;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Renders a step's task into the task a worker runs. A plain task is its args rendered; a call of
 * an {@code mcp.tools} entry becomes an {@code mcp_tool_call} carrying the resolved server
 * (url, headers or command, env, timeouts: rendered, {@code $secrets} left as references), the
 * remote tool name, the rendered arguments, the result mode, the output schema and the
 * idempotency key {@code <run_id>:<node_id>}, and is marked at-most-once unless the tool is
 * read-only or idempotent; a read of an {@code mcp.resources} entry becomes an
 * {@code mcp_resource_read} with its URI (a template is expanded with its rendered args, each
 * value percent-encoded as RFC 6570 simple expansion does). Workers never render. Thread-safe.
 */
@Component
public class McpTaskRenderer {

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final StepConfigRenderer renderer;

    public McpTaskRenderer(StepConfigRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * The task of node {@code nodeId} ({@code step}, {@code step[i]}, {@code step[k].tool[j]}) as
     * the queue stores it.
     */
    public RenderedTask render(TaskSpec task, Duration timeout, RenderContext context, String nodeId) {
        Long timeoutMs = timeout == null ? null : timeout.toMillis();
        Map<String, Object> args = renderer.renderMap(task.args(), context, "args");
        if (task.mcpTool().isPresent()) {
            McpToolSpec tool = task.mcpTool().get();
            return new RenderedTask(TaskSpec.MCP_TOOL_CALL, toolArgs(tool, args, context, nodeId), timeoutMs,
                    !tool.repeatable());
        }
        if (task.mcpResource().isPresent()) {
            return new RenderedTask(TaskSpec.MCP_RESOURCE_READ, resourceArgs(task.mcpResource().get(), args, context),
                    timeoutMs);
        }
        return new RenderedTask(task.type(), args, timeoutMs);
    }

    /** The args of a call of {@code tool} with the already rendered {@code arguments}. */
    public Map<String, Object> toolArgs(McpToolSpec tool, Map<String, Object> arguments, RenderContext context,
            String nodeId) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("server", server(tool.server(), context));
        args.put("tool", tool.remoteName());
        args.put("name", tool.name());
        args.put("arguments", arguments);
        args.put("result", tool.result().name().toLowerCase(Locale.ROOT));
        if (tool.outputSchema() != null) {
            args.put("output_schema", tool.outputSchema());
        }
        args.put("fail_on_tool_error", tool.failOnToolError());
        args.put("idempotency_key", runId(context) + ":" + nodeId);
        return args;
    }

    private Map<String, Object> resourceArgs(McpResourceSpec resource, Map<String, Object> variables,
            RenderContext context) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("server", server(resource.server(), context));
        args.put("name", resource.name());
        args.put("uri", resource.uri() != null ? resource.uri() : expand(resource, variables, context));
        if (resource.mimeType() != null) {
            args.put("mime_type", resource.mimeType());
        }
        args.put("max_bytes", resource.maxBytes());
        return args;
    }

    private static String expand(McpResourceSpec resource, Map<String, Object> variables, RenderContext context) {
        Matcher matcher = VARIABLE.matcher(resource.uriTemplate());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = variables.get(matcher.group(1));
            if (value == null) {
                throw new RenderException("playbook " + context.playbook() + ", step " + context.step()
                        + ", resource " + resource.name() + ": template variable '" + matcher.group(1)
                        + "' of " + resource.uriTemplate() + " has no value (fix: give it in mcp.resources."
                        + resource.name() + ".args)", null);
            }
            String encoded = URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20")
                    .replace("%7E", "~");
            matcher.appendReplacement(out, Matcher.quoteReplacement(encoded));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The server's connection, rendered for this step: {@code $workload} values in, secrets as references. */
    public Map<String, Object> server(McpServerSpec server, RenderContext context) {
        Map<String, Object> out = new LinkedHashMap<>();
        String field = "mcp.servers." + server.name();
        out.put("name", server.name());
        if (server.url() != null) {
            out.put("url", renderer.render(server.url(), context, field + ".url"));
            out.put("headers", renderer.render(server.headers(), context, field + ".headers"));
        } else {
            out.put("command", renderer.render(server.command(), context, field + ".command"));
            out.put("env", renderer.render(server.env(), context, field + ".env"));
        }
        out.put("connect_timeout_ms", server.connectTimeout().toMillis());
        out.put("call_timeout_ms", server.callTimeout().toMillis());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object runId(RenderContext context) {
        Object execution = context.variables().get("execution");
        return execution instanceof Map<?, ?> map ? ((Map<String, Object>) map).get("runId") : null;
    }
}
