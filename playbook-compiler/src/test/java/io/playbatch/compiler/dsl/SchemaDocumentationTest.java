package io.playbatch.compiler.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.diag.DiagnosticCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The schema in the jar, its published copy and docs/dsl.md cannot drift apart. The {@code mcp}
 * section and its diagnostics (MCPnnn) are documented in docs/mcp.md, which dsl.md links to.
 */
class SchemaDocumentationTest {

    private static final Path DOCS = Path.of("../docs");
    private final PlaybookSchema schema = PlaybookSchema.load();

    @Test
    void publishedSchemaIsTheOneInTheJar() throws IOException {
        assertThat(Files.readString(DOCS.resolve("playbook.schema.json"))).isEqualTo(schema.text());
    }

    private static String dslDocs() throws IOException {
        return Files.readString(DOCS.resolve("dsl.md")) + Files.readString(DOCS.resolve("mcp.md"));
    }

    @Test
    void dslLinksToTheMcpPage() throws IOException {
        assertThat(Files.readString(DOCS.resolve("dsl.md"))).contains("(mcp.md)");
    }

    @Test
    void everySchemaKeyIsDocumented() throws IOException {
        String dsl = dslDocs();
        assertThat(schema.allPropertyNames()).isNotEmpty()
                .allSatisfy(key -> assertThat(dsl).as("docs/dsl.md documents `" + key + "`").contains("`" + key + "`"));
    }

    @Test
    void everyDiagnosticCodeIsDocumented() throws IOException {
        String dsl = dslDocs();
        for (DiagnosticCode code : DiagnosticCode.values()) {
            assertThat(dsl).contains("| " + code.code() + " | " + code.label() + " |");
        }
    }

    @Test
    void schemaIsDraft202012AndClosed() {
        assertThat(schema.root().get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.root().get("additionalProperties").asBoolean()).isFalse();
    }
}
