package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import org.junit.jupiter.api.Test;

class TemplateCheckerTest {

    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();

    private static CompilationResult compile(String body) {
        return COMPILER.compile("t.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: t }
                """ + body);
    }

    @Test
    void workbookTemplatesAreCheckedAtEachCallingStep() {
        CompilationResult result = compile("""
                workbook:
                  - name: greet
                    type: log
                    args: { message: "hi ${city.name}" }
                workflow:
                  - step: start
                    next: [ in_loop ]
                  - step: in_loop
                    loop: { over: "$workload.cities", as: city }
                    task: { workbook: greet }
                    next: [ outside ]
                  - step: outside
                    task: { workbook: greet }
                """);

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB031");
            assertThat(d.message()).contains("workbook task `greet` called by step `outside`");
            assertThat(d.position().line()).isEqualTo(7);
            assertThat(d.position().column()).isEqualTo(26);
        });
    }

    @Test
    void foreachAndSetVariablesAreLocalToTheirTemplate() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ a ]
                  - step: a
                    type: log
                    args:
                      message: "#set($n = 0)#foreach($c in $workload.cities)$c.name $foreach.index $n#end"
                """);

        assertThat(result.diagnostics()).isEmpty();
    }

    @Test
    void aConditionMayReadItsOwnStepAndSecretsAreKnown() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ a ]
                  - step: a
                    type: http
                    args: { url: "http://localhost:8089", headers: { Authorization: "Bearer $secrets.api_token" } }
                    next:
                      - when: "$steps.a.data.ok"
                        then: [ b ]
                  - step: b
                    type: noop
                """);

        assertThat(result.diagnostics()).isEmpty();
    }

    @Test
    void errorsInsideBlockScalarsPointAtTheirLine() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ a ]
                  - step: a
                    type: log
                    args:
                      message: |
                        first line
                        second ${nobody.here}
                """);

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB028");
            assertThat(d.position().line()).isEqualTo(12);
            assertThat(d.position().column()).isEqualTo(16);
        });
    }

    @Test
    void referenceSegmentsStopAtTheFirstNonIdentifier() {
        assertThat(TemplateChecker.segments("${steps.fetch.data}")).containsExactly("steps", "fetch", "data");
        assertThat(TemplateChecker.segments("$!{workload.cities.size()}")).containsExactly("workload", "cities", "size");
        assertThat(TemplateChecker.segments("$index")).containsExactly("index");
    }

    @Test
    void plainTextThatLooksLikeVelocityIsNotAnError() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ a ]
                  - step: a
                    type: sql
                    args:
                      query: "select $1 from t where color = '#fff' and price > 5"
                      url: "http://localhost:8089/docs#section-2"
                      note: "costs $ 5"
                """);

        assertThat(result.diagnostics()).isEmpty();
    }

    @Test
    void aChunkProcessorMayReadItemButItsReaderMayNot() {
        CompilationResult result = compile("""
                workflow:
                  - step: start
                    next: [ copy ]
                  - step: copy
                    type: chunk
                    args:
                      reader: { type: sql, query: "select $item.id", key: id }
                      processor: { type: map, fields: { id: "$item.id" } }
                      writer: { type: jsonl, path: out.jsonl }
                """);

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB028");
            assertThat(d.message()).contains("item");
            assertThat(d.position().line()).isEqualTo(10);
        });
    }
}
