package io.playbatch.operate;

import io.playbatch.compiler.diag.Diagnostic;
import java.util.List;

/**
 * {@code register} was refused because {@code playbatch.mcp.verify-on-register=true} and the online check
 * of the playbook's MCP servers found errors (MCP070-MCP072); the diagnostics say which. The playbook
 * compiled, so this is a kind of {@link PlaybookInvalidException}: every front door reports it the same way.
 */
public class McpCheckFailedException extends PlaybookInvalidException {

    public McpCheckFailedException(String file, List<Diagnostic> diagnostics) {
        super(diagnostics, file + " was not registered: the online check of its MCP servers"
                + " (playbatch.mcp.verify-on-register=true) found " + problems(diagnostics));
    }
}
