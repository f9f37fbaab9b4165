package io.playbatch.mcp.server;

/**
 * A playbook the MCP server may offer: its catalog path, the revision (SHA-256) it would run, the
 * exact YAML source of that revision and the file it came from (for diagnostics only).
 */
public record CatalogPlaybook(String path, String revision, String source, String sourceFile) {
}
