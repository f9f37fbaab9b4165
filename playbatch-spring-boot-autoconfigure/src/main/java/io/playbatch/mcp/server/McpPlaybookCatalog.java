package io.playbatch.mcp.server;

import java.util.List;
import java.util.Optional;

/**
 * Where the MCP server finds playbooks and the exact source of the revision a new run uses:
 * {@link RegisteredPlaybookCatalog} (the registered playbooks) unless another bean is provided.
 */
public interface McpPlaybookCatalog {

    /** Every known playbook, ordered by path. */
    List<CatalogPlaybook> playbooks();

    Optional<CatalogPlaybook> find(String path);
}
