package io.playbatch.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PlaybookCompilerTest {

    private final PlaybookCompiler compiler = new PlaybookCompiler();

    @Test
    void helloCompilesToAGraphWithTheDefaultCatalogPath() {
        CompilationResult result = compiler.compile(Path.of("../job-configs/examples/hello.yaml"));

        assertThat(result.diagnostics()).isEmpty();
        PlaybookGraph graph = result.graph().orElseThrow();
        assertThat(graph.path()).isEqualTo("examples/hello");
        assertThat(graph.name()).isEqualTo("hello");
        assertThat(graph.start().name()).isEqualTo("start");
        assertThat(graph.outgoing("greet")).singleElement().satisfies(e -> {
            assertThat(e.to()).isEqualTo("whoami");
            assertThat(e.kind()).isEqualTo(EdgeKind.NEXT);
        });
        assertThat(graph.contentHash()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void defaultCatalogPathDropsDotSlashAndJobConfigs() {
        String yaml = """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: p }
                workflow:
                  - step: start
                """;
        assertThat(compiler.compile("./job-configs/examples/x.yaml", yaml).graph().orElseThrow().path())
                .isEqualTo("examples/x");
        assertThat(compiler.compile("team/y.yml", yaml).graph().orElseThrow().path()).isEqualTo("team/y");
    }

    @Test
    void missingFileIsADiagnosticNotAnException() {
        CompilationResult result = compiler.compile(Path.of("no/such/file.yaml"));

        assertThat(result.graph()).isEmpty();
        assertThat(result.diagnostics()).singleElement().extracting(Diagnostic::code).isEqualTo("PB002");
    }

    @Test
    void legacyWithIsRejectedSayingToUseArgs() {
        CompilationResult result = compiler.compile("legacy.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: legacy }
                workflow:
                  - step: start
                    next: [ a ]
                  - step: a
                    type: log
                    with: { message: hi }
                """);

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB020");
            assertThat(d.position().line()).isEqualTo(9);
            assertThat(d.position().column()).isEqualTo(5);
            assertThat(d.hint()).contains("use `args` instead of `with`");
        });
    }

    @Test
    void everyProblemOfAFileIsReportedInFileOrder() {
        CompilationResult result = compiler.compile("many.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: many }
                workflow:
                  - step: start
                    nxt: [ a ]
                  - step: a
                    type: lgo
                    timeout: 10 minutes
                    next: [ summarise ]
                  - step: summarize
                    type: noop
                """);

        assertThat(result.diagnostics()).extracting(Diagnostic::code)
                .containsExactly("PB005", "PB008", "PB032", "PB012");
        assertThat(result.diagnostics().get(0).hint()).isEqualTo("did you mean `next`?");
        assertThat(result.diagnostics().get(3).hint()).isEqualTo("did you mean `summarize`?");
        assertThat(result.diagnostics()).isSortedAccordingTo(io.playbatch.compiler.diag.Diagnostics.BY_POSITION);
    }
}
