package io.playbatch.compiler.validate;

import io.playbatch.compiler.CompilerOptions;
import io.playbatch.compiler.dsl.PlaybookDocument;

/**
 * The rules of the {@code mcp} section (MCP.md §7, docs/mcp.md), checked without any network
 * access after the schema check: servers, tools, resources, models, turns, the shared namespace
 * of callables, tool arguments against pinned input schemas, and unused declarations. Every
 * message has its fixed form; the fix goes in the hint. Thread-safe.
 */
public final class McpRules {

    private final CompilerOptions options;

    public McpRules(CompilerOptions options) {
        this.options = options;
    }

    public void validate(PlaybookDocument document, Diagnostics out) {
        // The rules come in the next commit; the IR and the schema are in place.
    }
}
