package io.playbatch.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.CompilerOptions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.mcp.client.McpClientFactory;
import io.playbatch.operate.McpServerCheck;
import io.playbatch.render.McpTaskRenderer;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.secrets.SecretResolver;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online check of docs/mcp.md#online-check-validate---online (MCP070-MCP072) against the in-process MCP server over streamable
 * HTTP, and its stdio variant as a child JVM: real compiler, real client, no database.
 */
class McpServerCheckTest {

    @RegisterExtension
    static final McpTestServer MCP = new McpTestServer();

    /** The test server's tools, as tools/list gives them (sorted). */
    private static final String SERVER_TOOLS =
            "[customers.get, echo, fail, get_job_log, index_log, post_summary, search_runbook, slow, tickets.create]";
    private static final PlaybookCompiler COMPILER = new PlaybookCompiler(
            CompilerOptions.defaults().withAllowedStdioCommands(Set.of("java")));
    private static final McpServerCheck CHECK = new McpServerCheck(new McpClientFactory(List.of("java"), 1 << 24),
            new McpTaskRenderer(new StepConfigRenderer()),
            new SecretResolver(Map.of("PLAYBATCH_SECRET_CRM_TOKEN", "tok-4711"), null));

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        MCP.reset();
    }

    private PlaybookGraph compile(Path file) {
        CompilationResult result = COMPILER.compile(file);
        assertThat(result.hasErrors()).as(String.valueOf(result.diagnostics())).isFalse();
        return result.graph().orElseThrow();
    }

    private Path playbook(String mcp) throws IOException {
        Path file = dir.resolve("online.yaml");
        Files.writeString(file, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: online }
                workload: { mcp_url: "http://127.0.0.1:8931/mcp" }
                mcp:
                """ + mcp.indent(2) + """
                workflow:
                  - step: start
                    next: [ lookup ]
                  - step: lookup
                    task: lookup_customer
                    args: { id: "C-17" }
                """);
        return file;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void toolsAndTemplatesThatExistWithTheSameSchemaGiveNoDiagnostic() throws IOException {
        // The pinned schema lists its keys in another order than the server: canonical JSON sorts them.
        Path file = playbook("""
                servers:
                  crm: { url: "$workload.mcp_url", headers: { Authorization: "Bearer $secrets.crm_token" } }
                resources:
                  day_log: { server: crm, uri_template: "file:///logs/{date}.log", args: { date: "2026-11-23" } }
                tools:
                  lookup_customer:
                    server: crm
                    tool: customers.get
                    input_schema: { type: object, properties: { id: { type: string } }, required: [ id ] }
                  echo: { server: crm }
                """);

        List<Diagnostic> found = CHECK.check(compile(file), Map.of("mcp_url", MCP.url()));

        assertThat(found).isEmpty();
        assertThat(MCP.calls).as("the check lists, it never calls a tool").isEmpty();
    }

    @Test
    void aToolTheServerDoesNotHaveIsMcp070WithTheServersToolsAndTheDeclarationsPosition() throws IOException {
        Path file = playbook("""
                servers:
                  crm: { url: "$workload.mcp_url" }
                resources:
                  day_log: { server: crm, uri_template: "file:///log/{date}.log", args: { date: "2026-11-23" } }
                tools:
                  lookup_customer: { server: crm, tool: customer.get }
                """);

        List<Diagnostic> found = CHECK.check(compile(file), Map.of("mcp_url", MCP.url()));

        assertThat(found).extracting(Diagnostic::format).containsExactly(
                file + ":9:5: error MCP070 mcp-not-on-server: resource template 'file:///log/{date}.log' not found on"
                        + " server 'crm' (has: [file:///logs/{date}.log]) (hint: did you mean `file:///logs/{date}.log`?)",
                file + ":11:5: error MCP070 mcp-not-on-server: tool 'customer.get' not found on server 'crm' (has: "
                        + SERVER_TOOLS + ") (hint: did you mean `customers.get`?)");
        assertThat(found).allSatisfy(d -> assertThat(d.isError()).isTrue());
    }

    @Test
    void aPinnedSchemaThatDiffersFromTheServersIsMcp071WithBothDigests() throws Exception {
        // The shipped example pins additionalProperties: false, which the server's schema does not have.
        Path example = Path.of("../job-configs/examples/mcp/ticket-enrich.yaml");
        String pinned = sha256("{\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"string\"}},"
                + "\"required\":[\"id\"],\"type\":\"object\"}");
        String served = sha256("{\"properties\":{\"id\":{\"type\":\"string\"}},\"required\":[\"id\"],\"type\":\"object\"}");

        List<Diagnostic> found = CHECK.check(compile(example), Map.of("mcp_url", MCP.url()));

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("MCP071");
            assertThat(d.message()).isEqualTo("tool 'customers.get': pinned input_schema differs from server's (sha256 "
                    + pinned + " vs " + served + ")");
            assertThat(d.hint()).isEqualTo("set mcp.tools.lookup_customer.input_schema to the server's (JSON is YAML):"
                    + " {\"properties\":{\"id\":{\"type\":\"string\"}},\"required\":[\"id\"],\"type\":\"object\"};"
                    + " or remove input_schema to stop pinning");
            assertThat(d.position().toString()).isEqualTo(example + ":18:5");
        });
    }

    @Test
    void aServerThatCannotBeReachedIsMcp072NamingTheServerItsUrlAndTheCause() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/mcp";
        Path file = playbook("""
                servers:
                  crm: { url: "$workload.mcp_url" }
                tools:
                  lookup_customer: { server: crm, tool: customers.get }
                """);

        List<Diagnostic> found = CHECK.check(compile(file), Map.of("mcp_url", url));

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("MCP072");
            assertThat(d.name()).isEqualTo("mcp-server-unreachable");
            assertThat(d.position().toString()).isEqualTo(file + ":7:5");
            assertThat(d.message()).isEqualTo("mcp.servers.crm: server 'crm' (" + url + ") could not be reached:"
                    + " connection refused (ConnectException)");
            assertThat(d.hint()).isEqualTo("start the server, or correct mcp.servers.crm.url; the online check asks"
                    + " every declared server");
        });
    }

    @Test
    void aServerWhoseSecretIsMissingIsMcp072SayingWhatToProvide() throws IOException {
        Path file = playbook("""
                servers:
                  crm: { url: "$workload.mcp_url", headers: { Authorization: "Bearer $secrets.other_token" } }
                tools:
                  lookup_customer: { server: crm, tool: customers.get }
                """);

        List<Diagnostic> found = CHECK.check(compile(file), Map.of("mcp_url", MCP.url()));

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("MCP072");
            assertThat(d.message()).startsWith("mcp.servers.crm: server 'crm' could not be checked: its connection"
                    + " could not be prepared: ").contains("other_token");
            assertThat(d.hint()).contains("PLAYBATCH_SECRET_<NAME>");
        });
    }

    @Test
    void aStdioServerIsListedThroughTheAllowlistedCommand() {
        // A child JVM serving index_log and the template file:///logs/{date}.log.
        Path example = Path.of("src/test/resources/playbooks/mcp/stdio-daily-logs.yaml");

        List<Diagnostic> found = CHECK.check(compile(example),
                Map.of("fixture_cp", System.getProperty("java.class.path")));

        assertThat(found).isEmpty();
    }
}
