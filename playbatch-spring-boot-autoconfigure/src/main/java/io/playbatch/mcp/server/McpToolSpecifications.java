package io.playbatch.mcp.server;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import io.playbatch.ids.IdCodec;
import io.playbatch.ids.InvalidIdException;
import io.playbatch.json.JsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP face of {@link PlaybookTools}: the fixed tool set (docs/mcp.md#playbatch-as-an-mcp-server) with its input schemas and
 * annotations, and the {@code playbook://} and {@code run://} resource templates. A {@link ToolError}
 * becomes a tool result with {@code isError: true}; any other failure becomes one too, with its
 * message, so an agent never sees a bare protocol error for a refused call.
 */
final class McpToolSpecifications {

    static final String PLAYBOOK_URI = "playbook://{+path}";
    static final String RUN_URI = "run://{execution_id}";

    private static final Logger log = LoggerFactory.getLogger(McpToolSpecifications.class);
    private static final Map<String, Object> ID_PROPERTY = Map.of("description",
            "An execution id as returned by start_run: a string of decimal digits (an integer is accepted too).");

    private final PlaybookTools tools;
    private final RequestClients clients;
    private final JsonCodec json = new JsonCodec();

    McpToolSpecifications(PlaybookTools tools, RequestClients clients) {
        this.tools = tools;
        this.clients = clients;
    }

    /** The four read and start tools, plus {@code stop_run} and {@code restart_run} when {@code operatorTools}. */
    List<SyncToolSpecification> tools(boolean operatorTools) {
        List<SyncToolSpecification> specifications = new ArrayList<>(List.of(
                tool("list_playbooks", "List the playbooks exposed over MCP (metadata.mcp.expose: true).",
                        schema(Map.of(), List.of()), readOnly(), (context, arguments, meta) -> tools.listPlaybooks()),
                tool("describe_playbook", "Describe an exposed playbook: its workload input_schema (from"
                        + " metadata.mcp.input_schema, else inferred from the workload defaults), defaults and steps.",
                        schema(Map.of("playbook", playbookProperty()), List.of("playbook")), readOnly(),
                        (context, arguments, meta) -> tools.describePlaybook(arguments)),
                tool("start_run", "Start a run of an exposed playbook in the background and return its execution_id"
                        + " and run_id at once; poll get_run until finished. The same client_request_id for the same"
                        + " playbook returns the run the first call started instead of starting another.",
                        schema(Map.of("playbook", playbookProperty(),
                                "workload", Map.of("type", "object", "description",
                                        "Workload overrides: top-level keys replace the playbook's defaults"
                                                + " (describe_playbook gives the schema)."),
                                "client_request_id", Map.of("type", "string", "minLength", 1, "maxLength", 200,
                                        "description", "Your unique id for this request (e.g. a UUID); a retry with"
                                                + " the same id never starts a second run.")),
                                List.of("playbook", "client_request_id")),
                        new ToolAnnotations("Start a playbook run", false, false, true, false, null),
                        (context, arguments, meta) -> tools.startRun(arguments, clients.client(context, meta))),
                tool("get_run", "Read an execution of an exposed playbook: status, finished, steps, result or error.",
                        schema(Map.of("execution_id", ID_PROPERTY), List.of("execution_id")), readOnly(),
                        (context, arguments, meta) -> tools.getRun(arguments))));
        if (operatorTools) {
            specifications.add(tool("stop_run", "Ask a running execution to stop gracefully; it ends STOPPED"
                    + " and can be restarted.", schema(Map.of("execution_id", ID_PROPERTY), List.of("execution_id")),
                    destructive("Stop a run"), (context, arguments, meta) -> tools.stopRun(arguments)));
            specifications.add(tool("restart_run", "Restart a FAILED or STOPPED execution as the next execution of"
                    + " its run (completed steps are reused); returns the new execution_id at once.",
                    schema(Map.of("execution_id", ID_PROPERTY), List.of("execution_id")),
                    destructive("Restart a run"), (context, arguments, meta) -> tools.restartRun(arguments)));
        }
        return specifications;
    }

    /** {@code playbook://{+path}} (YAML source) and {@code run://{execution_id}} (get_run as JSON). */
    List<SyncResourceTemplateSpecification> resources() {
        return List.of(
                new SyncResourceTemplateSpecification(ResourceTemplate.builder().uriTemplate(PLAYBOOK_URI)
                        .name("playbook").title("Playbook source")
                        .description("The YAML source of an exposed playbook at the revision a new run uses.")
                        .mimeType("application/yaml").build(),
                        (context, request) -> read(request.uri(), "playbook://", "application/yaml",
                                tools::playbookSource)),
                new SyncResourceTemplateSpecification(ResourceTemplate.builder().uriTemplate(RUN_URI)
                        .name("run").title("Playbook run")
                        .description("An execution of an exposed playbook, as get_run returns it.")
                        .mimeType("application/json").build(),
                        (context, request) -> read(request.uri(), "run://", "application/json",
                                id -> json.write(tools.run(executionId(id))))));
    }

    private ReadResourceResult read(String uri, String scheme, String mimeType, Function<String, String> reader) {
        try {
            String text = reader.apply(uri.substring(scheme.length()));
            return new ReadResourceResult(List.of(new TextResourceContents(uri, mimeType, text)));
        } catch (ToolError e) {
            throw McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND).message(e.getMessage())
                    .data(Map.of("uri", uri)).build();
        }
    }

    private static long executionId(String text) {
        try {
            return IdCodec.parse("execution_id", text);
        } catch (InvalidIdException e) {
            throw new ToolError(e.getMessage());
        }
    }

    private SyncToolSpecification tool(String name, String description, Map<String, Object> inputSchema,
            ToolAnnotations annotations, Call call) {
        Tool tool = Tool.builder().name(name).description(description).inputSchema(inputSchema)
                .annotations(annotations).build();
        return new SyncToolSpecification(tool, (context, request) -> {
            Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
            // The SDK's threads are the JVM's (Reactor's global schedulers) and keep the context class
            // loader of the web application that first used them, which may since have stopped: a call
            // that loads a class through it would fail. It runs with the application's own loader.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(McpToolSpecifications.class.getClassLoader());
            try {
                Map<String, Object> result = call.apply(context, arguments, request.meta());
                return CallToolResult.builder().structuredContent(result).addTextContent(json.write(result)).build();
            } catch (ToolError e) {
                return error(e.getMessage());
            } catch (RuntimeException e) {
                log.warn("MCP tool {} failed", name, e);
                return error(name + " failed: " + e.getMessage());
            } finally {
                thread.setContextClassLoader(previous);
            }
        });
    }

    /** A tool's work: the transport context, the call's arguments and its {@code _meta} (either may be empty). */
    @FunctionalInterface
    interface Call {
        Map<String, Object> apply(McpTransportContext context, Map<String, Object> arguments, Map<String, Object> meta);
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().isError(true).addTextContent(message).build();
    }

    private static Map<String, Object> schema(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", new LinkedHashMap<>(properties));
        schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> playbookProperty() {
        return Map.of("type", "string", "description", "The playbook's catalog path, as list_playbooks gives it.");
    }

    private static ToolAnnotations readOnly() {
        return new ToolAnnotations(null, true, false, true, false, null);
    }

    private static ToolAnnotations destructive(String title) {
        return new ToolAnnotations(title, false, true, false, false, null);
    }
}
