package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Bad input ends with one clear line and exit code 2, before any database is touched. */
class CliErrorsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void aStdioMcpServerIsAllowedOnlyByTheOperatorsAllowlist() {
        String playbook = "src/test/resources/playbooks/mcp/stdio-daily-logs.yaml";
        assertThat(run("validate", playbook)).isEqualTo(ExitCodes.USAGE);
        assertThat(out.toString()).contains("MCP004").contains("playbatch.mcp.stdio.allowed-commands");

        System.setProperty("playbatch.mcp.stdio.allowed-commands", "node, java");
        try {
            out.getBuffer().setLength(0);
            assertThat(run("validate", playbook)).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).doesNotContain("MCP004");
        } finally {
            System.clearProperty("playbatch.mcp.stdio.allowed-commands");
        }
    }

    @Test
    void missingPlaybookFileIsOneLineAndExitTwo() {
        int exit = run("run", "does-not-exist.yaml", "--data-dir", "/nonexistent/never-created");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains("does-not-exist.yaml").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Path.of("/nonexistent/never-created")).doesNotExist();
    }

    @Test
    void yamlSyntaxErrorNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: broken
                workflow:
                  - step: start
                    next: [ end
                  - step: end
                """);

        int exit = run("run", broken.toString(), "--data-dir", dir.resolve("pg").toString());

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        String message = err.toString().strip();
        assertThat(message.lines()).hasSize(1);
        assertThat(message).matches("(?s).*broken\\.yaml:\\d+:\\d+: error .*").doesNotContain("\tat ");
        assertThat(dir.resolve("pg")).doesNotExist();
    }

    @Test
    void unknownOptionIsAUsageError() {
        int exit = run("run", "hello.yaml", "--frobnicate");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--frobnicate").contains("playbatch run --help");
    }

    @Test
    void malformedSetIsAUsageErrorSayingWhatToWrite(@TempDir Path dir) {
        int exit = run("run", "../job-configs/examples/hello.yaml", "--set", "novalue",
                "--data-dir", dir.resolve("pg").toString());

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--set novalue").contains("KEY=VALUE");
    }

    @Test
    void serveRefusesANonLoopbackAddressWithoutAnOperatorToken() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("PLAYBATCH_API_TOKEN") == null);

        int exit = run("serve", "--bind", "0.0.0.0", "--data-dir", "/nonexistent/never-created");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--bind 0.0.0.0").contains("PLAYBATCH_API_TOKEN").contains("127.0.0.1");
        assertThat(Path.of("/nonexistent/never-created")).doesNotExist();
    }

    @Test
    void validateJsonPrintsOnlyJsonOnStandardOutputWhenATemplateIsBroken(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken-template.yaml");
        Files.writeString(broken, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: broken_template }
                workflow:
                  - step: start
                    next: [ say ]
                  - step: say
                    type: log
                    args: { message: "#if($workload.x) never closed" }
                """);
        PrintStream jvmOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = run("validate", "--json", broken.toString());
        } finally {
            System.setOut(jvmOut);
        }

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        // In a real shell stdout is both the JVM's System.out and the command's writer: neither holds a log line.
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
        JsonNode report = JsonMapper.builder().build().readTree(out.toString());
        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.get("files").get(0).get("diagnostics").get(0).get("code").asString()).isEqualTo("PB026");
    }

    @Test
    void validateReportsEveryFileOfABatchWithoutQuotingAFileThatIsNoPlaybook(@TempDir Path dir) throws Exception {
        Path shadow = dir.resolve("shadow");
        Files.writeString(shadow, "root:$6$s3cretHash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {'a', ':', ' ', 0, (byte) 0xC3, (byte) 0x28, 's', 'e', 'c', 'r', 'e', 't'});
        Path deepTemplate = dir.resolve("deep-template.yaml");
        Files.writeString(deepTemplate, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: deep_template }
                workflow:
                  - step: start
                    next: [ say ]
                  - step: say
                    type: log
                    args: { message: "%s" }
                """.formatted("#if(true)".repeat(3000) + "#end".repeat(3000)));
        String valid = "../job-configs/examples/hello.yaml";

        int exit = run("validate", shadow.toString(), binary.toString(), deepTemplate.toString(), valid);

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        String report = out.toString();
        assertThat(report).contains(shadow + ":1:1: error PB004").contains(binary + ":1:5: error PB004")
                .contains(deepTemplate + ":").contains(valid + ": ok").contains("4 files checked, 3 invalid")
                .doesNotContain("s3cretHash").doesNotContain("daemon").doesNotContain("secret")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(report.lines().filter(line -> line.startsWith(deepTemplate.toString()))).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(": error PB"));
    }
}
