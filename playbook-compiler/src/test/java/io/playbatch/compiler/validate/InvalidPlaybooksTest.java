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
 * Each file of {@code job-configs/invalid/} declares on its first line the one diagnostic it must
 * produce ({@code # expect: PB012 12:7}) and optionally, on the next, text its hint must contain
 * ({@code # hint: did you mean `summarize`?}); otherwise the hint must contain the catalog's hint.
 * A file whose code is a warning compiles; every other one does not.
 */
class InvalidPlaybooksTest {

    static final Path INVALID = Path.of("../job-configs/invalid");
    private static final Pattern EXPECT = Pattern.compile("# expect: (PB\\d{3}) (\\d+):(\\d+)");
    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();

    static List<Path> invalidPlaybooks() throws IOException {
        try (Stream<Path> files = Files.list(INVALID)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyDiagnosticCodeHasABrokenPlaybook() throws IOException {
        Set<String> covered = invalidPlaybooks().stream().map(p -> p.getFileName().toString().substring(0, 5))
                .collect(Collectors.toSet());
        Set<String> codes = Arrays.stream(DiagnosticCode.values()).map(DiagnosticCode::code)
                // The MCP codes have their own directory and test: McpInvalidPlaybooksTest.
                .filter(code -> code.startsWith("PB"))
                // A missing file cannot be a file in a directory; PlaybookCompilerTest covers it.
                .filter(code -> !code.equals(DiagnosticCode.FILE_NOT_READABLE.code()))
                // A file over 1 MiB does not belong in the repository; CompilerLimitsTest covers it.
                .filter(code -> !code.equals(DiagnosticCode.FILE_TOO_LARGE.code()))
                // Only a compiler that knows the application's beans reports it; BeanRulesTest covers it.
                .filter(code -> !code.equals(DiagnosticCode.UNKNOWN_BEAN.code()))
                .collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(codes);
    }

    @Test
    void fileNamesMatchTheCatalogNames() throws IOException {
        for (Path file : invalidPlaybooks()) {
            String name = file.getFileName().toString();
            DiagnosticCode code = DiagnosticCode.byCode(name.substring(0, 5)).orElseThrow();
            assertThat(name).isEqualTo(code.code() + "-" + code.label() + ".yaml");
        }
    }

    @ParameterizedTest
    @MethodSource("invalidPlaybooks")
    void brokenPlaybookYieldsExactlyItsDiagnosticAtItsPosition(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Matcher expect = EXPECT.matcher(lines.get(0));
        assertThat(expect.matches()).as("first line of " + file + " declares # expect: PBnnn line:column").isTrue();
        DiagnosticCode code = DiagnosticCode.byCode(expect.group(1)).orElseThrow();
        String hint = lines.size() > 1 && lines.get(1).startsWith("# hint: ") ? lines.get(1).substring(8)
                : staticPart(code.hintTemplate());

        CompilationResult result = COMPILER.compile(file);

        assertThat(result.diagnostics()).as(file + ": " + result.diagnostics()).singleElement().satisfies(d -> {
            // A warning (PB058) leaves the playbook compilable; an error never does.
            assertThat(result.graph().isPresent()).isEqualTo(!d.isError());
            assertThat(d.code()).isEqualTo(code.code());
            assertThat(d.name()).isEqualTo(code.label());
            assertThat(d.position().line()).isEqualTo(Integer.parseInt(expect.group(2)));
            assertThat(d.position().column()).isEqualTo(Integer.parseInt(expect.group(3)));
            assertThat(d.hint()).contains(hint);
            assertThat(d.format()).contains(hint).startsWith(file + ":" + expect.group(2) + ":" + expect.group(3));
        });
    }

    /** The fixed text of a hint template: the longest piece between placeholders. */
    private static String staticPart(String template) {
        return Arrays.stream(template.split("%s")).max((a, b) -> Integer.compare(a.length(), b.length())).orElse("");
    }
}
