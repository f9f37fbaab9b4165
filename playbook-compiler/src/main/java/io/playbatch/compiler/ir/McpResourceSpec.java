package io.playbatch.compiler.ir;

import io.playbatch.compiler.diag.SourcePosition;
import java.util.Map;

/**
 * One resource of {@code mcp.resources}, resolved: the server and exactly one of a fixed
 * {@code uri} or an RFC 6570 level-1 {@code uriTemplate} with {@code args} giving each variable
 * (Velocity templates). Read by a task of type {@value TaskSpec#MCP_RESOURCE_READ}: either the
 * implicit node {@code resource:NAME} (for {@code $resources.NAME} in templates) or a step naming
 * it with {@code task:}. Immutable.
 *
 * @param mimeType optional expectation, checked at run time; null when not stated
 * @param maxBytes a larger resource is an error, never truncated (default {@link #DEFAULT_MAX_BYTES})
 * @param position where the resource is declared (its key under {@code mcp.resources}), for diagnostics
 */
public record McpResourceSpec(String name, McpServerSpec server, String uri, String uriTemplate,
        Map<String, Object> args, String mimeType, long maxBytes, SourcePosition position) implements McpCallable {

    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    /** Prefix of the node id of an implicit resource read: {@code resource:NAME}. */
    public static final String NODE_PREFIX = "resource:";

    public McpResourceSpec {
        args = args == null ? Map.of() : IrValues.copyOrdered(args);
    }

    /** The name of the implicit node that reads this resource: {@code resource:NAME}. */
    public String nodeName() {
        return NODE_PREFIX + name;
    }

    /** Whether {@code nodeName} is an implicit resource node. */
    public static boolean isResourceNode(String nodeName) {
        return nodeName != null && nodeName.startsWith(NODE_PREFIX);
    }
}
