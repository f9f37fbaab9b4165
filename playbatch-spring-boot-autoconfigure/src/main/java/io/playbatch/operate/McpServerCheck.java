package io.playbatch.operate;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.diag.SourcePosition;
import io.playbatch.compiler.ir.McpResourceSpec;
import io.playbatch.compiler.ir.McpServerSpec;
import io.playbatch.compiler.ir.McpToolSpec;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.validate.Suggestions;
import io.playbatch.mcp.client.CanonicalJson;
import io.playbatch.mcp.client.McpClientFactory;
import io.playbatch.mcp.client.McpServerConnection;
import io.playbatch.render.McpTaskRenderer;
import io.playbatch.render.RenderContext;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.secrets.SecretReferences;
import io.playbatch.secrets.SecretResolver;
import io.playbatch.secrets.SecretsConfiguration;
import io.playbatch.taskmodel.TaskFailure;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The optional online check of a compiled playbook's {@code mcp} section (docs/mcp.md#online-check-validate---online; run by
 * {@code playbatch validate --online} and, with {@code playbatch.mcp.verify-on-register=true}, by
 * {@code register}). It connects to every declared server exactly as a worker would (the same
 * {@link McpClientFactory}: transports, timeouts, stdio allowlist, secrets resolved at the moment
 * of the call), runs {@code tools/list}, and {@code resources/templates/list} when a resource of that
 * server has a {@code uri_template}, and reports: MCP070 for a tool (or resource template) the server
 * does not list, MCP071 for a pinned {@code input_schema} whose {@link CanonicalJson} SHA-256
 * differs from the server's, MCP072 for a server that could not be reached or listed. Diagnostics
 * point at the declaration under {@code mcp.tools}, {@code mcp.resources} or {@code mcp.servers}.
 * It only reads: no tool is called. Thread-safe.
 */
@Component
public class McpServerCheck {

    private final McpClientFactory clients;
    private final McpTaskRenderer renderer;
    private final SecretResolver secrets;

    public McpServerCheck(McpClientFactory clients, McpTaskRenderer renderer, SecretResolver secrets) {
        this.clients = clients;
        this.renderer = renderer;
        this.secrets = secrets;
    }

    /**
     * A check configured from {@code environment} as the application would be (the stdio allowlist,
     * {@code playbatch.mcp.max-response-bytes}, the secrets file, the template limits), for commands that run without the
     * Spring application, such as {@code validate --online}.
     */
    public static McpServerCheck forEnvironment(Environment environment) {
        return new McpServerCheck(McpClientFactory.forEnvironment(environment),
                new McpTaskRenderer(new StepConfigRenderer(environment)), SecretsConfiguration.resolverFor(environment));
    }

    /**
     * Asks each server of {@code graph}'s {@code mcp} section what it offers and returns what does not
     * match, sorted by position (empty when everything matches or there is no {@code mcp} section).
     * Server connections are rendered with the playbook's workload, {@code workloadOverrides}'
     * top-level keys replacing its own, as a run with those overrides would render them.
     */
    public List<Diagnostic> check(PlaybookGraph graph, Map<String, Object> workloadOverrides) {
        Map<String, Object> workload = new LinkedHashMap<>();
        if (graph.workload() != null) {
            workload.putAll(graph.workload());
        }
        if (workloadOverrides != null) {
            workload.putAll(workloadOverrides);
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("workload", workload);
        variables.put("steps", Map.of());
        variables.put("resources", Map.of());
        variables.put("secrets", new SecretReferences());
        List<Diagnostic> found = new ArrayList<>();
        for (McpServerSpec server : graph.mcp().servers().values()) {
            List<McpToolSpec> tools = graph.mcp().tools().values().stream().filter(t -> on(server, t.server()))
                    .toList();
            List<McpResourceSpec> templated = graph.mcp().resources().values().stream()
                    .filter(r -> on(server, r.server()) && r.uriTemplate() != null).toList();
            SourcePosition at = at(server.position(), graph);
            Listing listing;
            try {
                listing = list(server, new RenderContext(graph.path(), "mcp.servers." + server.name(), variables),
                        !templated.isEmpty());
            } catch (Unreachable unreachable) {
                found.add(DiagnosticCode.MCP_SERVER_UNREACHABLE.error(at, unreachable.getMessage(), unreachable.hint));
                continue;
            }
            for (McpToolSpec tool : tools) {
                compare(tool, server, listing, graph, found);
            }
            for (McpResourceSpec resource : templated) {
                if (!listing.templates().contains(resource.uriTemplate())) {
                    found.add(DiagnosticCode.MCP_NOT_ON_SERVER.error(at(resource.position(), graph),
                            "resource template '" + resource.uriTemplate() + "' not found on server '" + server.name()
                                    + "' (has: " + sorted(listing.templates()) + ")",
                            Suggestions.didYouMean(resource.uriTemplate(), listing.templates(),
                                    "write the uri_template exactly as the server lists it in resources/templates/list")));
                }
            }
        }
        found.sort(Diagnostics.BY_POSITION);
        return List.copyOf(found);
    }

    private static void compare(McpToolSpec tool, McpServerSpec server, Listing listing, PlaybookGraph graph,
            List<Diagnostic> found) {
        SourcePosition at = at(tool.position(), graph);
        String name = tool.remoteName();
        if (!listing.tools().containsKey(name)) {
            found.add(DiagnosticCode.MCP_NOT_ON_SERVER.error(at, "tool '" + name + "' not found on server '"
                    + server.name() + "' (has: " + sorted(listing.tools().keySet()) + ")",
                    Suggestions.didYouMean(name, listing.tools().keySet(), "write the tool's name in `tool:` exactly"
                            + " as the server lists it in tools/list, or point `server:` at the server that has it")));
            return;
        }
        if (tool.inputSchema() == null) {
            return;
        }
        String pinned = CanonicalJson.sha256(tool.inputSchema());
        String served = CanonicalJson.sha256(listing.tools().get(name));
        if (!pinned.equals(served)) {
            found.add(DiagnosticCode.MCP_SCHEMA_DIFFERS.error(at, "tool '" + name + "': pinned input_schema differs"
                    + " from server's (sha256 " + pinned + " vs " + served + ")", tool.name(),
                    CanonicalJson.of(listing.tools().get(name))));
        }
    }

    /** What one server offers: each tool's input schema by name, and its resource templates. */
    private record Listing(Map<String, Object> tools, List<String> templates) {
    }

    private Listing list(McpServerSpec server, RenderContext context, boolean withTemplates) {
        Map<String, Object> rendered;
        McpServerConnection connection;
        try {
            rendered = renderer.server(server, context);
            connection = McpServerConnection.fromArgs(secrets.resolveMap(rendered));
        } catch (RuntimeException e) {
            throw new Unreachable("mcp.servers." + server.name() + ": server '" + server.name()
                    + "' could not be checked: its connection could not be prepared: " + e.getMessage(),
                    "give the workload values it uses (validate --online --set KEY=VALUE) and make its secrets"
                            + " available (PLAYBATCH_SECRET_<NAME> or playbatch.secrets.file)");
        }
        // The rendered form, not the resolved one: it shows $secrets as references, never their values.
        String where = rendered.get("url") != null ? String.valueOf(rendered.get("url"))
                : "command " + rendered.get("command");
        String prefix = "mcp.servers." + server.name() + ": server '" + server.name() + "' (" + where + ")";
        String fix = server.isStdio()
                ? "check that mcp.servers." + server.name() + ".command starts an MCP server on this machine (its"
                        + " stderr is logged at DEBUG); the online check asks every declared server"
                : "start the server, or correct mcp.servers." + server.name() + ".url; the online check asks every"
                        + " declared server";
        try {
            return clients.withClient(connection, client -> new Listing(tools(client), withTemplates
                    ? templates(client) : List.of()));
        } catch (TaskFailure failure) {
            if ("mcp_unavailable".equals(failure.type()) && failure.getCause() != null) {
                throw new Unreachable(prefix + " could not be reached: " + cause(failure.getCause(),
                        server.connectTimeout().toMillis() + " ms (connect_timeout)"), fix);
            }
            throw new Unreachable(prefix + " could not be reached: " + failure.getMessage(), fix);
        } catch (McpError e) {
            throw new Unreachable(prefix + " answered the listing with an error: " + McpClientFactory.message(e),
                    "check that it is an MCP server that lists its tools; the online check needs tools/list");
        } catch (RuntimeException e) {
            throw new Unreachable(prefix + " did not answer the listing: " + cause(e, server.callTimeout().toMillis()
                    + " ms (call_timeout)"), fix);
        }
    }

    /**
     * What went wrong, in words: the SDK wraps the JDK's exceptions (often without a message) in a
     * generic "failed to initialize", so the chain is searched for the telling one.
     */
    static String cause(Throwable failure, String timeout) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "the host name could not be resolved (" + t.getClass().getSimpleName() + ")";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
                return "no answer within " + timeout + " (" + t.getClass().getSimpleName() + ")";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ConnectException) {
                return (t.getMessage() == null ? "connection refused" : t.getMessage()) + " (ConnectException)";
            }
        }
        Throwable telling = null;
        for (Throwable t : chain) {
            if (t.getMessage() != null && !t.getMessage().startsWith("Client failed to initialize")) {
                telling = t;
            }
        }
        Throwable shown = telling != null ? telling : chain.get(chain.size() - 1);
        return shown.getClass().getSimpleName() + (shown.getMessage() == null ? "" : ": " + shown.getMessage());
    }

    /** Every page of {@code tools/list}; a server without the tools capability has none. */
    private static Map<String, Object> tools(McpSyncClient client) {
        Map<String, Object> tools = new LinkedHashMap<>();
        if (client.getServerCapabilities() == null || client.getServerCapabilities().tools() == null) {
            return tools;
        }
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
            page.tools().forEach(t -> tools.put(t.name(), t.inputSchema()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return tools;
    }

    /** Every page of {@code resources/templates/list}; a server without the resources capability has none. */
    private static List<String> templates(McpSyncClient client) {
        List<String> templates = new ArrayList<>();
        if (client.getServerCapabilities() == null || client.getServerCapabilities().resources() == null) {
            return templates;
        }
        String cursor = null;
        do {
            McpSchema.ListResourceTemplatesResult page = cursor == null ? client.listResourceTemplates()
                    : client.listResourceTemplates(cursor);
            page.resourceTemplates().forEach(t -> templates.add(t.uriTemplate()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return templates;
    }

    private static boolean on(McpServerSpec server, McpServerSpec used) {
        return used != null && used.name().equals(server.name());
    }

    private static SourcePosition at(SourcePosition position, PlaybookGraph graph) {
        return position != null ? position : SourcePosition.unknown(graph.sourceFile());
    }

    /** {@code [a, b, c]}, sorted, as the compiler's messages list names. */
    private static String sorted(Collection<String> names) {
        return "[" + String.join(", ", new TreeSet<>(names)) + "]";
    }

    /** A server that could not be listed; the message is the whole diagnostic text. */
    private static final class Unreachable extends RuntimeException {
        private final String hint;

        Unreachable(String message, String hint) {
            super(message, null, false, false);
            this.hint = hint;
        }
    }
}
