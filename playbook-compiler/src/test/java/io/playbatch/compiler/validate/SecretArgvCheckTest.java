package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PB058: a secret on a command line is a warning at the argument that holds it, whichever way the
 * command is written, and a secret handed over through {@code env} is not.
 */
class SecretArgvCheckTest {

    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();

    private static final String HEAD = """
            apiVersion: playbatch.io/v2
            kind: Playbook
            metadata: { name: argv }
            """;

    @Test
    void secretInAShellScriptIsReportedAtTheScript() {
        CompilationResult result = compile(HEAD + """
                workflow:
                  - step: start
                    next: [ deploy ]
                  - step: deploy
                    type: command
                    args:
                      shell: true
                      argv: "curl -H 'Authorization: Bearer ${secrets.api_token}' https://example.com"
                    next: [ end ]
                  - step: end
                """);

        assertThat(result.graph()).isPresent();
        assertThat(warnings(result)).singleElement().satisfies(d -> {
            assertThat(d.format()).startsWith("argv.yaml:11:13: warning PB058 secret-in-argv: step `deploy`:"
                    + " args.argv puts the secret `api_token` on the command line");
            assertThat(d.hint()).isEqualTo("pass it as `env: { API_TOKEN: \"$secrets.api_token\" }` and read it"
                    + " from the environment");
        });
    }

    @Test
    void secretInAWorkbookCommandIsReportedInTheWorkbookAndInTheCallingStep() {
        CompilationResult result = compile(HEAD + """
                workbook:
                  - name: push
                    type: command
                    args: { argv: [ push, "--token=$secrets.push_token" ] }
                workflow:
                  - step: start
                    next: [ a ]
                  - step: a
                    task: { workbook: push, args: { argv: [ push, "$!secrets.other" ] } }
                    next: [ end ]
                  - step: end
                """);

        assertThat(warnings(result)).extracting(Diagnostic::message).containsExactly(
                "workbook task `push`: args.argv[1] puts the secret `push_token` on the command line of a process,"
                        + " which every user of the worker's host can read (ps)",
                "step `a`: task.args.argv[1] puts the secret `other` on the command line of a process, which every"
                        + " user of the worker's host can read (ps)");
    }

    @Test
    void secretInAnMcpStdioCommandIsReported() {
        CompilationResult result = compile(HEAD + """
                mcp:
                  servers:
                    files: { command: [ files-server, "--key", "$secrets.files_key" ] }
                workflow:
                  - step: start
                    next: [ end ]
                  - step: end
                """);

        assertThat(warnings(result)).extracting(Diagnostic::message).anySatisfy(message -> assertThat(message)
                .startsWith("`mcp.servers.files`: command[2] puts the secret `files_key`"));
    }

    @Test
    void secretPassedThroughEnvIsNotReported() {
        CompilationResult result = compile(HEAD + """
                workflow:
                  - step: start
                    next: [ deploy ]
                  - step: deploy
                    type: command
                    args:
                      argv: [ sh, -c, "curl -H \\"Authorization: Bearer \\\\$TOKEN\\" https://example.com" ]
                      env: { TOKEN: "$secrets.api_token" }
                    next: [ end ]
                  - step: end
                """);

        assertThat(result.diagnostics()).extracting(Diagnostic::code).doesNotContain("PB058");
    }

    private static CompilationResult compile(String yaml) {
        return COMPILER.compile("argv.yaml", yaml);
    }

    private static List<Diagnostic> warnings(CompilationResult result) {
        return result.diagnostics().stream().filter(d -> d.code().equals("PB058")).toList();
    }
}
