package io.playbatch.mcp.server;

/**
 * Reads {@code metadata.mcp} of a catalog playbook. A seam: {@link SourceExposureReader} reads the
 * YAML source itself until the compiler's IR carries {@code metadata.mcp}; then an implementation
 * over the compiled graph replaces it.
 */
public interface ExposureReader {

    McpExposure exposure(CatalogPlaybook playbook);
}
