package io.playbatch.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.diag.DiagnosticCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DiagnosticReportTest {

    private final PlaybookCompiler compiler = new PlaybookCompiler();
    private final CompilationResult clean = compiler.compile(Path.of("../job-configs/examples/hello.yaml"));
    private final CompilationResult broken = compiler.compile(
            Path.of("../job-configs/invalid/PB012-unknown-step-reference.yaml"));

    @Test
    void textHasOneLinePerDiagnosticAndASummary() {
        DiagnosticReport report = DiagnosticReport.of(clean, broken);

        assertThat(report.textLines()).containsExactly(
                "../job-configs/examples/hello.yaml: ok",
                "../job-configs/invalid/PB012-unknown-step-reference.yaml:11:13: error PB012 unknown-step-reference:"
                        + " step `a` refers to unknown step `summarise` (hint: did you mean `summarize`?)",
                "2 files checked, 1 invalid, 1 error, 0 warnings");
        assertThat(report.hasErrors()).isTrue();
    }

    @Test
    void jsonCarriesCodePositionAndHint() {
        JsonNode json = JsonMapper.builder().build().readTree(DiagnosticReport.of(clean, broken).json());

        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("errors").asInt()).isEqualTo(1);
        assertThat(json.get("files").get(0).get("path").asString()).isEqualTo("examples/hello");
        JsonNode diagnostic = json.get("files").get(1).get("diagnostics").get(0);
        assertThat(diagnostic.get("code").asString()).isEqualTo("PB012");
        assertThat(diagnostic.get("line").asInt()).isEqualTo(11);
        assertThat(diagnostic.get("column").asInt()).isEqualTo(13);
        assertThat(diagnostic.get("hint").asString()).isEqualTo("did you mean `summarize`?");
        assertThat(diagnostic.get("doc").isNull()).isTrue();
    }

    @Test
    void aV1FormLinksToTheMigrationGuideInTextAndJson() {
        CompilationResult legacy = compiler.compile(Path.of("../job-configs/invalid/PB070-legacy-next-edge.yaml"));
        DiagnosticReport report = DiagnosticReport.of(legacy);

        assertThat(report.textLines().get(0)).isEqualTo("../job-configs/invalid/PB070-legacy-next-edge.yaml:9:9:"
                + " error PB070 legacy-next-edge: `- step: greet` is a v1 `next` entry (hint: write `next: [ greet ]`)"
                + " (see docs/migration.md#v1-next-edges)");
        JsonNode diagnostic = JsonMapper.builder().build().readTree(report.json()).get("files").get(0)
                .get("diagnostics").get(0);
        assertThat(diagnostic.get("doc").asString()).isEqualTo("docs/migration.md#v1-next-edges");
    }

    @Test
    void catalogListsEveryCodeOnce() {
        assertThat(DiagnosticReport.catalog()).hasSize(DiagnosticCode.values().length)
                .extracting(m -> m.get("code")).doesNotHaveDuplicates();
    }
}
