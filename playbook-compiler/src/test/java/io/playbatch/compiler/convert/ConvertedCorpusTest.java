package io.playbatch.compiler.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Complete v1 playbooks written for this suite: each converts with no TODO and the real compiler accepts it. */
class ConvertedCorpusTest {

    private final PlaybookConverter converter = new PlaybookConverter();
    private final PlaybookCompiler compiler = new PlaybookCompiler();

    @ParameterizedTest
    @ValueSource(strings = {"weather_loop", "conditional", "workbook_call", "save_table"})
    void convertedPlaybookValidatesWithNoTodo(String name) throws IOException {
        String v1 = resource("/convert/v1/" + name + ".yaml");

        Conversion conversion = converter.convert(name + ".yaml", v1);
        CompilationResult result = compiler.compile(name + ".yaml", conversion.text());

        assertThat(conversion.todos()).as(conversion.text()).isEmpty();
        assertThat(result.diagnostics()).as(conversion.text()).extracting(Diagnostic::toString).isEmpty();
        assertThat(conversion.changed()).isTrue();
    }

    static String resource(String path) throws IOException {
        try (InputStream in = ConvertedCorpusTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
