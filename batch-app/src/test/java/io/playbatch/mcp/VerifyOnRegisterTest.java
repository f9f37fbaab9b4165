package io.playbatch.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.cli.ExitCodes;
import io.playbatch.cli.PlaybatchCli;
import io.playbatch.json.JsonCodec;
import io.playbatch.operate.McpCheckFailedException;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.io.IOException;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code playbatch.mcp.verify-on-register=true}: {@code register} asks the playbook's MCP servers first
 * and stores nothing when the online check reports an error (docs/mcp.md#validation-compiler-no-network), through the operations
 * service and through the command line.
 */
@SpringBootTest(properties = "playbatch.mcp.verify-on-register=true")
class VerifyOnRegisterTest extends PlaybookRunTest {

    @RegisterExtension
    static final McpTestServer MCP = new McpTestServer();

    private static TestDatabase database;

    @TempDir
    Path dir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = TestDatabases.create();
        database.register(registry);
    }

    /** A playbook at catalog path {@code tests/<name>} calling {@code tool} on the server at {@code url}. */
    private Path playbook(String name, String url, String tool) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: %s, path: tests/%s }
                workload: { mcp_url: "%s" }
                mcp:
                  servers: { crm: { url: "$workload.mcp_url" } }
                  tools:
                    notify: { server: crm, tool: %s }
                workflow:
                  - step: start
                    next: [ tell ]
                  - step: tell
                    task: notify
                """.formatted(name, name, url, tool));
        return file;
    }

    private boolean registered(String name) {
        return operations.playbooks().stream().anyMatch(p -> p.playbookPath().equals("tests/" + name));
    }

    @Test
    void aPlaybookWhoseToolsTheServerHasIsRegistered() throws IOException {
        Path file = playbook("verified", MCP.url(), "echo");

        assertThat(operations.register(file).outcome()).isEqualTo("created");
        assertThat(registered("verified")).isTrue();
    }

    @Test
    void aToolTheServerLacksRefusesTheRegistrationWithTheDiagnostics() throws IOException {
        Path file = playbook("missing_tool", MCP.url(), "notify.send");

        assertThatThrownBy(() -> operations.register(file)).isInstanceOfSatisfying(McpCheckFailedException.class,
                refused -> {
                    assertThat(refused.getMessage()).isEqualTo(file + " was not registered: the online check of its"
                            + " MCP servers (playbatch.mcp.verify-on-register=true) found 1 problem");
                    assertThat(refused.diagnostics()).singleElement().satisfies(d -> assertThat(d.format()).isEqualTo(
                            file + ":8:5: error MCP070 mcp-not-on-server: tool 'notify.send' not found on server 'crm'"
                                    + " (has: [customers.get, echo, fail, get_job_log, index_log, post_summary,"
                                    + " search_runbook, slow, tickets.create]) (hint: write the tool's name in `tool:` exactly as the"
                                    + " server lists it in tools/list, or point `server:` at the server that has it)"));
                });
        assertThat(registered("missing_tool")).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCommandLineRefusesAnUnreachableServerWithExitThreeAndTheJsonReport() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Path file = playbook("unreachable", "http://127.0.0.1:" + closed + "/mcp", "echo");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit;
        System.setProperty("playbatch.mcp.verify-on-register", "true");
        try {
            List<String> args = new java.util.ArrayList<>(List.of("register", file.toString(), "--json",
                    "--db-url", database.url(), "--db-user", database.user()));
            if (database.password() != null) {
                args.addAll(List.of("--db-password", database.password()));
            }
            exit = PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                    args.toArray(String[]::new));
        } finally {
            System.clearProperty("playbatch.mcp.verify-on-register");
        }

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.ENVIRONMENT);
        Map<String, Object> report = new JsonCodec().readMap(out.toString());
        assertThat(report).containsEntry("valid", false);
        Map<String, Object> only = ((List<Map<String, Object>>) report.get("files")).get(0);
        assertThat((List<Map<String, Object>>) only.get("diagnostics")).singleElement().satisfies(d -> assertThat(d)
                .containsEntry("code", "MCP072").containsEntry("line", 6).containsEntry("column", 14)
                .containsEntry("message", "mcp.servers.crm: server 'crm' (http://127.0.0.1:" + closed
                        + "/mcp) could not be reached: connection refused (ConnectException)"));
        assertThat(registered("unreachable")).isFalse();
    }
}
