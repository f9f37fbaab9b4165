package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.DiagnosticCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/mcp.md#tests layer 1: each file of {@code job-configs/invalid/mcp/} declares the one diagnostic it
 * must produce, {@code # expect: MCP002 9:5}, then its exact message, {@code # message: ...}, and
 * optionally text its hint must contain, {@code # hint: ...} (otherwise the catalog's fixed hint).
 * The compiler runs with its defaults: no stdio command is allowlisted.
 */
class McpInvalidPlaybooksTest {

    static final Path INVALID = Path.of("../job-configs/invalid/mcp");
    private static final Pattern EXPECT = Pattern.compile("# expect: (MCP\\d{3}) (\\d+):(\\d+)");
    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();

    static List<Path> invalidPlaybooks() throws IOException {
        try (Stream<Path> files = Files.list(INVALID)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyMcpCodeHasABrokenPlaybookNamedAfterIt() throws IOException {
        Set<String> covered = invalidPlaybooks().stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toSet());
        Set<String> expected = Arrays.stream(DiagnosticCode.values()).filter(c -> c.code().startsWith("MCP"))
                // MCP070-MCP072 come from asking the servers (validate --online): McpServerCheckTest covers them.
                .filter(c -> !c.online())
                .map(c -> c.code() + "-" + c.label() + ".yaml").collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("invalidPlaybooks")
    void brokenPlaybookYieldsExactlyItsDiagnostic(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Matcher expect = EXPECT.matcher(lines.get(0));
        assertThat(expect.matches()).as("first line of " + file + " declares # expect: MCPnnn line:column").isTrue();
        assertThat(lines.get(1)).as("second line of " + file).startsWith("# message: ");
        String message = lines.get(1).substring("# message: ".length());
        DiagnosticCode code = DiagnosticCode.byCode(expect.group(1)).orElseThrow();
        String hint = lines.get(2).startsWith("# hint: ") ? lines.get(2).substring(8)
                : Arrays.stream(code.hintTemplate().split("%s")).max((a, b) -> Integer.compare(a.length(), b.length()))
                        .orElse("");

        CompilationResult result = COMPILER.compile(file);

        assertThat(result.diagnostics()).as(file + ": " + result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(code.code());
            assertThat(d.name()).isEqualTo(code.label());
            assertThat(d.message()).isEqualTo(message);
            assertThat(d.position().line()).isEqualTo(Integer.parseInt(expect.group(2)));
            assertThat(d.position().column()).isEqualTo(Integer.parseInt(expect.group(3)));
            assertThat(d.hint()).contains(hint);
            assertThat(d.format()).startsWith(file + ":" + expect.group(2) + ":" + expect.group(3) + ": ")
                    .contains(code.code() + " " + code.label() + ": " + message);
        });
        // MCP060 is the one warning: the playbook still compiles.
        assertThat(result.graph().isPresent()).isEqualTo(code == DiagnosticCode.MCP_UNUSED);
    }
}
