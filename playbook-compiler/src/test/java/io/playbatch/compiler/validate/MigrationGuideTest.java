package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.diag.DiagnosticCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every link a diagnostic carries leads to a section of docs/migration.md (anchors as GitHub makes them). */
class MigrationGuideTest {

    private static final Path GUIDE = Path.of("../docs/migration.md");

    private static Set<String> anchors() throws IOException {
        return Files.readAllLines(GUIDE).stream().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    @Test
    void everyDocLinkIsAnAnchorOfTheMigrationGuide() throws IOException {
        List<String> docs = new ArrayList<>();
        for (DiagnosticCode code : DiagnosticCode.values()) {
            docs.add(code.doc());
        }
        for (String type : List.of("postgres", "duckdb", "playbooks", "secrets", "transfer", "save")) {
            docs.add(LegacyTaskTypes.hint(type).orElseThrow().doc());
        }
        Set<String> anchors = anchors();

        assertThat(docs.stream().filter(Objects::nonNull).toList()).hasSizeGreaterThan(12).allSatisfy(doc -> {
            assertThat(doc).startsWith(DiagnosticCode.MIGRATION_GUIDE + "#");
            assertThat(anchors).contains(doc.substring(doc.indexOf('#') + 1));
        });
    }

    /** A playbook as a v1 user writes one: every diagnostic is a v1 form with its section, none is generic. */
    @Test
    void aWholeV1PlaybookGetsOnlyMigrationDiagnosticsOnePerForm() throws IOException {
        CompilationResult result = new PlaybookCompiler().compile("old.yaml", """
                apiVersion: noetl.io/v1
                kind: Playbook
                name: town_report
                path: reports/town_report
                workload:
                  towns: [ { name: Lyon }, { name: Nantes } ]
                  threshold: 25
                workflow:
                  - step: start
                    next:
                      - when: "{{ workload.towns | length > 0 }}"
                        then:
                          - step: token
                      - else:
                          - step: end
                  - step: token
                    type: secrets
                    name: api_token
                    next:
                      - step: fetch
                  - step: fetch
                    type: http
                    method: GET
                    endpoint: "https://example.org/towns"
                    next:
                      - step: score
                        with: { body: "{{ fetch.body }}" }
                  - step: score
                    type: python
                    code: |
                      def main(body):
                          return {"hot": len(body)}
                    with: { body: "{{ body }}" }
                    next:
                      - step: per_town
                  - step: per_town
                    type: playbooks
                    path: reports/one_town
                    loop:
                      in: "{{ workload.towns }}"
                      iterator: town
                    input: { town: "{{ town }}" }
                    next:
                      - step: notify
                  - step: notify
                    type: workbook
                    name: send_note
                    next:
                      - step: store
                  - step: store
                    type: postgres
                    auth: reports_db
                    command: "insert into report (hot) values ({{ score.hot }})"
                    save:
                      storage: postgres
                      table: report_log
                      data: { run: "{{ execution_id }}" }
                    next:
                      - step: copy
                  - step: copy
                    type: transfer
                    next:
                      - step: end
                  - step: end
                    result: "{{ score.hot }}"
                workbook:
                  - name: send_note
                    type: http
                    method: POST
                    endpoint: "https://example.org/notes"
                    payload: { text: "{{ workload.threshold }}" }
                """);
        Set<String> anchors = anchors();

        assertThat(result.diagnostics()).allSatisfy(d -> {
            assertThat(d.doc()).as(d.format()).isNotNull();
            assertThat(anchors).contains(d.doc().substring(d.doc().indexOf('#') + 1));
        });
        assertThat(result.diagnostics().stream().map(Diagnostic::code).toList()).containsExactly(
                "PB010", "PB072", "PB070", "PB075", "PB070", "PB071", "PB071", "PB070", "PB071", "PB020", "PB070",
                "PB075", "PB071", "PB074", "PB073", "PB070", "PB024", "PB070", "PB075", "PB071", "PB071", "PB076",
                "PB070", "PB075", "PB070", "PB071", "PB071", "PB071", "PB021");
    }

    @Test
    void theDiagnosticsSectionsAreUnderOneHeadingForOtherSectionsToSitBeside() throws IOException {
        assertThat(anchors()).contains("diagnostics", "v1-next-edges", "v1-jinja-templates");
    }
}
