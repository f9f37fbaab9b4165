package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.CompilerOptions;
import io.playbatch.compiler.PlaybookCompiler;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PB061: every `connection` key is checked against the connections the compiler was given. */
class ConnectionRulesTest {

    private final PlaybookCompiler compiler = new PlaybookCompiler(CompilerOptions.defaults()
            .withConnections(Set.of("warehouse", "erp_archive")));

    private CompilationResult compile(String step) {
        return compiler.compile("connections.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: connections }
                workflow:
                  - step: start
                    next: [ work ]
                  - step: work
                %s
                    next: [ end ]
                  - step: end
                """.formatted(step.indent(4).stripTrailing()));
    }

    @Test
    void configuredAndDefaultConnectionsCompile() {
        CompilationResult result = compile("""
                type: chunk
                args:
                  reader: { type: sql, connection: warehouse, query: "select 1 as id", key: id }
                  writer: { type: sql, connection: default, table: t }
                save: { to: table, connection: erp_archive, table: s }
                """);

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.graph()).isPresent();
    }

    @Test
    void misspeltConnectionOfASqlTaskIsPb061WithDidYouMeanAndTheConfiguredNames() {
        CompilationResult result = compile("""
                type: sql
                args: { query: "select 1", connection: warehuose }
                """);

        assertThat(result.graph()).isEmpty();
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB061");
            assertThat(d.position().line()).isEqualTo(9);
            assertThat(d.position().column()).isEqualTo(44);
            assertThat(d.message()).contains("unknown connection `warehuose`")
                    .contains("`default`, `erp_archive`, `warehouse`");
            assertThat(d.hint()).isEqualTo("did you mean `warehouse`?");
        });
    }

    @Test
    void unknownConnectionOfAChunkWriterAndOfASaveAreEachReported() {
        CompilationResult result = compile("""
                type: chunk
                args:
                  reader: { type: csv, path: in.csv }
                  writer: { type: sql, connection: erp, table: t }
                save: { to: table, connection: crm, table: s }
                """);

        assertThat(result.diagnostics()).extracting(d -> d.code()).containsExactly("PB061", "PB061");
        assertThat(result.diagnostics().get(0).message()).contains("writer uses unknown connection `erp`");
        assertThat(result.diagnostics().get(1).hint()).contains("playbatch.connections.crm.url")
                .contains("PLAYBATCH_CONNECTIONS_CRM_URL");
    }

    @Test
    void templatedConnectionIsLeftToTheRun() {
        CompilationResult result = compile("""
                type: sql
                args: { query: "select 1", connection: "$workload.db" }
                """);

        assertThat(result.diagnostics()).noneMatch(d -> d.code().equals("PB061"));
    }

    @Test
    void aCompilerGivenNoConnectionsKnowsOnlyDefault() {
        CompilationResult result = new PlaybookCompiler().compile("c.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: c }
                workflow:
                  - step: start
                    next: [ q ]
                  - step: q
                    type: sql
                    args: { query: "select 1", connection: warehouse }
                    next: [ end ]
                  - step: end
                """);

        assertThat(result.diagnostics()).singleElement().satisfies(d -> assertThat(d.message())
                .endsWith("the configured connections are `default`"));
    }
}
