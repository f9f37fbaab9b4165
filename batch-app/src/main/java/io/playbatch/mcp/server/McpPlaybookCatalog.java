package io.playbatch.mcp.server;

import java.util.List;
import java.util.Optional;

/**
 * Where the MCP server finds playbooks: the registered ones, each at the revision a new run uses.
 * A seam: today {@link RevisionTableCatalog} reads the newest recorded revision per path; once
 * {@code OperationsService.playbooks()} (registered playbooks) exists, an implementation over it
 * replaces that one and nothing else changes.
 */
public interface McpPlaybookCatalog {

    /** Every known playbook, ordered by path. */
    List<CatalogPlaybook> playbooks();

    Optional<CatalogPlaybook> find(String path);
}
