package io.playbatch.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.validate.Diagnostic;
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
        assertThat(graph.start().name()).isEqualTo("start");
        assertThat(graph.outgoing("greet")).singleElement().satisfies(e -> {
            assertThat(e.to()).isEqualTo("whoami");
            assertThat(e.kind()).isEqualTo(EdgeKind.NEXT);
        });
        assertThat(graph.contentHash()).hasSize(64);
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

        assertThat(result.hasErrors()).isTrue();
        assertThat(result.diagnostics()).extracting(Diagnostic::code).contains("PB020");
        assertThat(result.diagnostics()).filteredOn(d -> d.code().equals("PB020")).singleElement()
                .satisfies(d -> assertThat(d.format()).contains("workflow[1].with").contains("use 'args'"));
    }

    @Test
    void misspelledKeyGetsADidYouMean() {
        CompilationResult result = compiler.compile("typo.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: typo }
                worklaod: { a: 1 }
                workflow:
                  - step: start
                    nxt: [ end ]
                  - step: end
                """);

        assertThat(result.diagnostics()).extracting(Diagnostic::format)
                .anySatisfy(line -> assertThat(line).contains("unknown key worklaod").contains("did you mean 'workload'?"))
                .anySatisfy(line -> assertThat(line).contains("workflow[0].nxt").contains("did you mean 'next'?"));
    }

    @Test
    void retryIsRefusedRatherThanSilentlyIgnored() {
        CompilationResult result = compiler.compile("retry.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: retry }
                workflow:
                  - step: start
                    next: [ a ]
                  - step: a
                    type: noop
                    retry: { max_attempts: 3 }
                """);

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB022");
            assertThat(d.message()).contains("workflow[1].retry");
        });
    }

    @Test
    void yamlSyntaxErrorHasLineAndColumn() {
        CompilationResult result = compiler.compile("broken.yaml", "workflow:\n  - step: start\n    next: [ a\n  - step: b\n");

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB001");
            assertThat(d.position().line()).isPositive();
            assertThat(d.position().column()).isPositive();
        });
    }

    @Test
    void unknownStepReferenceIsReported() {
        CompilationResult result = compiler.compile("ref.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: ref }
                workflow:
                  - step: start
                    next: [ summarize ]
                """);

        assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly("PB012");
    }
}
