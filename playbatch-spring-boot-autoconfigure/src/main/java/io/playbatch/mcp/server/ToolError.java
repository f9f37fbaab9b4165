package io.playbatch.mcp.server;

/**
 * A tool call the MCP server refuses or cannot carry out; the client receives the message as a tool
 * result with {@code isError: true}, so an agent can read it and correct itself. The message says
 * what is wrong and how to fix it.
 */
public class ToolError extends RuntimeException {

    public ToolError(String message) {
        super(message);
    }
}
