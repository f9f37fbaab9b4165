package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.diag.SourcePosition;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each v1 form is one diagnostic naming the v2 form, with its section of docs/migration.md; nothing
 * else is reported for the place it covers (no unknown key, missing key or wrong type besides it).
 */
class LegacyFormsTest {

    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();
    private static final String GUIDE = "docs/migration.md#";

    private static CompilationResult compile(String body) {
        return COMPILER.compile("v1.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: v1 }
                """ + body);
    }

    private static void onlyDiagnostic(CompilationResult result, Consumer<Diagnostic> requirements) {
        assertThat(result.diagnostics()).as(result.diagnostics().toString()).singleElement()
                .satisfies(requirements::accept);
        assertThat(result.graph()).isEmpty();
    }

    /** The code, the exact hint and the migration guide's section of a v1 form's diagnostic. */
    private static void isMigrationForm(Diagnostic d, String code, String anchor, String hint) {
        assertThat(d.code()).isEqualTo(code);
        assertThat(d.hint()).isEqualTo(hint);
        assertThat(d.doc()).isEqualTo(GUIDE + anchor);
    }

    @Test
    void plainNextEdgesAreOneDiagnosticNamingTheWholeList() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next:
                      - step: a
                      - step: b
                  - step: a
                  - step: b
                """);

        onlyDiagnostic(result, d -> {
            assertThat(d.name()).isEqualTo("legacy-next-edge");
            assertThat(d.message()).isEqualTo("`next` is written in the v1 form (targets as `- step: NAME`)");
            isMigrationForm(d, "PB070", "v1-next-edges", "write `next: [ a, b ]`");
            assertThat(d.position()).isEqualTo(new SourcePosition("v1.yaml", 7, 9));
        });
    }

    @Test
    void aV1ConditionalNextIsOneDiagnosticWithTheCasesTranslated() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next:
                      - when: "{{ workload.towns | length > 0 and not workload.paused }}"
                        then:
                          - step: fetch
                      - else:
                          - step: end
                  - step: fetch
                  - step: end
                """);

        onlyDiagnostic(result, d -> isMigrationForm(d, "PB070", "v1-next-edges",
                "write `next: [ { when: \"$workload.towns.size() > 0 && !$workload.paused\", then: [ fetch ] },"
                        + " { else: [ end ] } ]`"));
    }

    @Test
    void aConditionOnAStepEntryBecomesAWhenCaseAndItsDataMovesToTheTarget() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next:
                      - step: fetch
                        when: "{{ workload.ready }}"
                        with: { city: "{{ workload.city }}" }
                  - step: fetch
                """);

        onlyDiagnostic(result, d -> assertThat(d.hint()).isEqualTo(
                "write `next: [ { when: \"$workload.ready\", then: [ fetch ] } ]`; v2 edges carry no data: move the"
                        + " `with` of the edge to `fetch` into that step's `args`"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http    | endpoint   | move it into `args.url` of the `type: http` task
            http    | method     | move it into `args.method` of the `type: http` task
            python  | code       | move it into `args.code`
            sql     | command    | SQL is `args.statement` of a `type: sql` step
            command | command    | move it into `args.argv`
            sql     | auth       | name the database in `args.connection: NAME`
            http    | auth       | Authorization: "Bearer $secrets.NAME"
            log     | collection | `collection` → `loop.over`
            log     | element    | `element` → `loop.as`
            log     | assert     | v2 has no `assert`
            log     | pass       | a step that does nothing is `type: noop`
            playbook | path      | move it into `args.path`, the child's catalog path
            log     | result     | a playbook's result is the top-level `output`
            """)
    void aV1StepKeyNamesWhereItGoesForTheTaskType(String type, String key, String hint) {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ task ]
                  - step: task
                    type: %s
                    %s: x
                """.formatted(type, key));

        onlyDiagnostic(result, d -> {
            assertThat(d.code()).isEqualTo("PB071");
            assertThat(d.name()).isEqualTo("legacy-step-key");
            assertThat(d.message()).isEqualTo("`" + key + "` of step `task` is a v1 key, not part of the v2 DSL");
            assertThat(d.hint()).contains(hint);
            assertThat(d.doc()).isEqualTo(GUIDE + "v1-step-keys");
            assertThat(d.position()).isEqualTo(new SourcePosition("v1.yaml", 9, 5));
        });
    }

    @Test
    void aV1StepKeyWithJinjaGivesItsValueInVelocity() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ fetch ]
                  - step: fetch
                    type: http
                    endpoint: "{{ workload.base }}/forecast"
                """);

        onlyDiagnostic(result, d -> assertThat(d.hint()).endsWith(
                "; its value in Velocity: `${workload.base}/forecast`"));
    }

    @Test
    void topLevelNameAndPathAreOneDiagnosticAndMetadataIsNotAlsoMissing() {
        CompilationResult result = COMPILER.compile("v1.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                name: weather
                path: examples/weather
                workflow:
                  - step: start
                """);

        onlyDiagnostic(result, d -> {
            assertThat(d.message()).isEqualTo("`name` and `path` are v1 top-level keys");
            isMigrationForm(d, "PB072", "v1-name-and-path",
                    "move under `metadata`: `metadata: { name: weather, path: examples/weather }`");
            assertThat(d.position().line()).isEqualTo(3);
        });
    }

    @Test
    void inputIsALegacyInputKeyLikeWithAndSaysWhereValuesGoForTheType() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ score ]
                  - step: score
                    type: python
                    input: { temperature: 31 }
                """);

        onlyDiagnostic(result, d -> {
            assertThat(d.name()).isEqualTo("legacy-input");
            assertThat(d.message()).isEqualTo("`input` is a v1 key, not part of the v2 DSL");
            isMigrationForm(d, "PB073", "v1-input-keys", "use `args` instead of `input`: a python task's values are"
                    + " `args.args`, the keyword arguments of `main` (`args: { code: \"...\", args: {...} }`)");
        });
    }

    @Test
    void withOnAnHttpStepSaysTheBodyIsArgsJson() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ post ]
                  - step: post
                    type: http
                    with: { city: Lyon }
                """);

        onlyDiagnostic(result, d -> isMigrationForm(d, "PB020", "v1-input-keys",
                "use `args` instead of `with`: an http request body is `args.json` (`args: { method: POST, url:"
                        + " \"...\", json: {...} }`)"));
    }

    @Test
    void v1LoopKeysAreOneDiagnosticAndTheIteratorIsStillALoopVariable() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ each ]
                  - step: each
                    loop:
                      in: "{{ workload.towns }}"
                      iterator: town
                    type: log
                    args: { message: "$town" }
                """);

        onlyDiagnostic(result, d -> {
            assertThat(d.message()).isEqualTo("`loop` has the v1 keys `in`, `iterator`");
            isMigrationForm(d, "PB074", "v1-loops",
                    "`in` → `over`, `iterator` → `as`: `loop: { over: \"$workload.towns\", as: town }`");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            postgres  | write `type: sql` with `args: { connection: NAME, statement: "..." }` | v1-postgres-and-duckdb-tasks
            duckdb    | named connection to the DuckDB database                               | v1-postgres-and-duckdb-tasks
            playbooks | write `type: playbook` with `args: { path: CHILD, workload: {...} }`  | v1-playbooks-tasks
            secrets   | write `$secrets.NAME` where the value is used                        | v1-secrets-tasks
            transfer  | write a chunk step: `type: chunk`                                     | v1-transfer-tasks
            save      | put `save: { to: table, table: NAME }`                                | v1-save
            """)
    void aV1TaskTypeNamesItsV2Form(String type, String hint, String anchor) {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ task ]
                  - step: task
                    type: %s
                """.formatted(type));

        onlyDiagnostic(result, d -> {
            assertThat(d.code()).isEqualTo("PB075");
            assertThat(d.message()).isEqualTo("`type: " + type + "` is a v1 task type");
            assertThat(d.hint()).contains(hint);
            assertThat(d.doc()).isEqualTo(GUIDE + anchor);
            assertThat(d.position()).isEqualTo(new SourcePosition("v1.yaml", 8, 11));
        });
    }

    @Test
    void aV1WorkbookCallNamesTheTaskAndItsNameKeyIsNotAlsoUnknown() {
        CompilationResult result = compile("""
                workbook:
                  - name: send_note
                    type: log
                    args: { message: hi }
                workflow:
                  - step: start
                    next: [ notify ]
                  - step: notify
                    type: workbook
                    name: send_note
                """);

        onlyDiagnostic(result, d -> isMigrationForm(d, "PB024", "v1-workbook-calls",
                "write `task: { workbook: send_note }` instead of `type: workbook`"));
    }

    @Test
    void saveDataAndStorageAreOneDiagnosticNotDidYouMeanPath() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ a ]
                  - step: a
                    type: log
                    args: { message: hi }
                    save:
                      storage: postgres
                      table: summary
                      data: { id: "{{ execution_id }}" }
                """);

        onlyDiagnostic(result, d -> {
            assertThat(d.code()).isEqualTo("PB076");
            assertThat(d.message()).isEqualTo("`save` has the v1 keys `storage` and `data`");
            assertThat(d.hint()).startsWith("`storage` → `to: table`").contains("remove `data`: `save` writes the"
                    + " task's own result").doesNotContain("did you mean");
            assertThat(d.doc()).isEqualTo(GUIDE + "v1-save");
        });
    }

    @Test
    void aV2PlaybookHasNoMigrationDiagnostic() {
        CompilationResult result = compile("""
                workload: { towns: [ Lyon ] }
                workflow:
                  - step: start
                    next:
                      - when: "$workload.towns.size() > 0"
                        then: [ each ]
                      - else: [ end ]
                  - step: each
                    loop: { over: "$workload.towns", as: town }
                    type: log
                    args: { message: "$town" }
                    next: [ end ]
                  - step: end
                """);

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.graph()).isPresent();
    }
}
