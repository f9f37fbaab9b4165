package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.mcp.McpTestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code playbatch validate --online}: the offline report plus what the MCP servers say; no database. */
class ValidateOnlineCommandTest {

    @RegisterExtension
    static final McpTestServer MCP = new McpTestServer();

    private static final String TICKET_ENRICH = "../job-configs/examples/mcp/ticket-enrich.yaml";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void aPinnedSchemaThatDriftedIsReportedWithItsPositionAndExitTwo() {
        // Offline the example is valid; its pinned schema adds additionalProperties: false to the server's.
        assertThat(run("validate", TICKET_ENRICH)).isEqualTo(ExitCodes.OK);
        out.getBuffer().setLength(0);

        int exit = run("validate", "--online", TICKET_ENRICH, "--set", "mcp_url=" + MCP.url());

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(out.toString().lines().toList()).hasSize(2).first().asString()
                .matches(TICKET_ENRICH.replace(".", "\\.") + ":18:5: error MCP071 mcp-schema-differs: tool 'customers\\.get':"
                        + " pinned input_schema differs from server's \\(sha256 [0-9a-f]{64} vs [0-9a-f]{64}\\)"
                        + " \\(hint: set mcp\\.tools\\.lookup_customer\\.input_schema to the server's \\(JSON is YAML\\): \\{.*\\};"
                        + " or remove input_schema to stop pinning\\)");
        assertThat(out.toString()).contains("1 file checked, 1 invalid, 1 error, 0 warnings");
        assertThat(MCP.calls).as("validate never calls a tool").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonGivesTheOnlineDiagnosticsInTheValidateReport(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("missing-tool.yaml");
        Files.writeString(file, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: missing_tool }
                workload: { mcp_url: "%s" }
                mcp:
                  servers: { crm: { url: "$workload.mcp_url" } }
                  tools:
                    notify: { server: crm, tool: notify.send }
                workflow:
                  - step: start
                    next: [ tell ]
                  - step: tell
                    task: notify
                """.formatted(MCP.url()));

        int exit = run("validate", "--online", "--json", file.toString());

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        Map<String, Object> report = new JsonCodec().readMap(out.toString());
        assertThat(report).containsEntry("valid", false).containsEntry("errors", 1);
        Map<String, Object> only = ((List<Map<String, Object>>) report.get("files")).get(0);
        assertThat((List<Map<String, Object>>) only.get("diagnostics")).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("code", "MCP070").containsEntry("name", "mcp-not-on-server")
                    .containsEntry("severity", "error").containsEntry("file", file.toString())
                    .containsEntry("line", 8).containsEntry("column", 5);
            assertThat(d.get("message")).isEqualTo("tool 'notify.send' not found on server 'crm' (has: [customers.get,"
                    + " echo, fail, get_job_log, index_log, post_summary, search_runbook, slow, tickets.create])");
        });
    }

    @Test
    void aPlaybookWhoseToolsExistIsOk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fine.yaml");
        Files.writeString(file, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: fine }
                workload: { mcp_url: "http://127.0.0.1:8931/mcp" }
                mcp:
                  servers: { crm: { url: "$workload.mcp_url" } }
                  tools:
                    lookup: { server: crm, tool: customers.get,
                      input_schema: { type: object, required: [ id ], properties: { id: { type: string } } } }
                workflow:
                  - step: start
                    next: [ find ]
                  - step: find
                    task: lookup
                    args: { id: "C-17" }
                """);

        int exit = run("validate", "--online", file.toString(), "--set", "mcp_url=" + MCP.url());

        assertThat(exit).as(out + "" + err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains(file + ": ok").contains("1 file checked, 0 invalid, 0 errors");
    }

    @Test
    void anUnreachableServerIsOneClearLineAndExitThree() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/mcp";

        int exit = run("validate", "--online", TICKET_ENRICH, "--set", "mcp_url=" + url);

        assertThat(exit).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(out.toString()).contains(TICKET_ENRICH + ":14:5: error MCP072 mcp-server-unreachable:"
                + " mcp.servers.crm: server 'crm' (" + url + ") could not be reached: connection refused"
                + " (ConnectException) (hint: start the server, or correct mcp.servers.crm.url; the online check asks"
                + " every declared server)");
        assertThat(out.toString() + err).doesNotContain("\tat ");
    }

    @Test
    void workloadOverridesWithoutOnlineAreAUsageError() {
        int exit = run("validate", TICKET_ENRICH, "--set", "mcp_url=http://127.0.0.1:1/mcp");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--set and --workload only matter with --online");
    }
}
