package io.playbatch.compiler.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.CompilerOptions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The v1 corpus of {@code convert/corpus.yaml}, complete playbooks written for this suite: each
 * converts with exactly the TODOs the manifest expects, and a file without TODO is accepted by the
 * real compiler (with the corpus's named connection {@code warehouse} configured). Also prints
 * acceptance 4's figures, which docs/migration.md quotes ("The corpus").
 */
class ConvertedCorpusTest {

    /** The named connections the corpus's converted files use, configured as batch-app's run test does. */
    private static final CompilerOptions OPTIONS = CompilerOptions.defaults().withConnections(Set.of("warehouse"));

    private final PlaybookConverter converter = new PlaybookConverter();
    private final PlaybookCompiler compiler = new PlaybookCompiler(OPTIONS);

    static Stream<String> corpus() {
        return manifest().keySet().stream();
    }

    /** The corpus converted as one batch, as {@code playbatch convert v1/*.yaml --out DIR} does (children's outputs). */
    private Conversion convert(String name) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String file : manifest().keySet()) {
            texts.put(file + ".yaml", resource("/convert/v1/" + file + ".yaml"));
        }
        return converter.convert(name + ".yaml", texts.get(name + ".yaml"), converter.scan(texts));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void convertedFileHasTheExpectedTodosAndValidatesWithoutThem(String name) throws IOException {
        Conversion conversion = convert(name);
        CompilationResult result = compiler.compile(name + ".yaml", conversion.text());

        assertThat(conversion.todos()).as(conversion.text()).extracting(t -> t.kind().name())
                .containsExactlyElementsOf(expectedTodos(name));
        if (conversion.todos().isEmpty()) {
            assertThat(result.diagnostics()).as(conversion.text()).extracting(Diagnostic::toString).isEmpty();
        }
        assertThat(conversion.changed()).isTrue();
    }

    @Test
    void theManifestListsEveryCorpusFile() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/convert/v1"))) {
            assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", "")))
                    .containsExactlyInAnyOrderElementsOf(manifest().keySet());
        }
    }

    /** Acceptance 4: the share of files that validate right after convert, and the TODOs per file. */
    @Test
    void corpusFigures() throws IOException {
        int valid = 0;
        List<String> lines = new ArrayList<>();
        for (String name : manifest().keySet()) {
            Conversion conversion = convert(name);
            boolean validates = compiler.compile(name + ".yaml", conversion.text()).diagnostics().isEmpty();
            valid += validates ? 1 : 0;
            lines.add("| `" + name + ".yaml` | " + conversion.todos().size() + " | " + (validates ? "yes" : "no") + " |");
        }
        int files = manifest().size();
        System.out.println("corpus: " + valid + " of " + files + " files validate right after convert ("
                + Math.round(100.0 * valid / files) + " %)\n| file | TODOs | validates |\n| --- | --- | --- |\n"
                + String.join("\n", lines));
        assertThat(valid).as("files without TODO validate; only they do")
                .isEqualTo(manifest().keySet().stream().filter(n -> expectedTodos(n).isEmpty()).count());
    }

    @SuppressWarnings("unchecked")
    private static List<String> expectedTodos(String name) {
        return (List<String>) ((Map<String, Object>) manifest().get(name)).get("todos");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manifest() {
        try {
            return new LinkedHashMap<>((Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(resource("/convert/corpus.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String path) throws IOException {
        try (InputStream in = ConvertedCorpusTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
