package io.playbatch.compiler.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.batch.JobGraphExplainer;
import io.playbatch.compiler.ir.PlaybookGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The example tests' one way to read examples and compare what they produce with golden files.
 * Run with {@code -Dplaybatch.golden.update=true} to rewrite the golden files after an intended change.
 */
final class GoldenFiles {

    private static final JobGraphExplainer EXPLAINER = new JobGraphExplainer();

    private GoldenFiles() {
    }

    /** The playbooks directly in {@code directory}, sorted. */
    static List<Path> playbooks(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /**
     * Asserts that {@code example} compiles with no diagnostic to a graph at {@code catalogDirectory}/its
     * name, and explains (text, Mermaid, dot) exactly as {@code goldenDirectory}/NAME.explain.txt.
     */
    static PlaybookGraph assertExplainsAsGolden(PlaybookCompiler compiler, Path example, String catalogDirectory,
            Path goldenDirectory) throws IOException {
        CompilationResult result = compiler.compile(example);
        assertThat(result.diagnostics()).as("diagnostics of " + example).isEmpty();
        PlaybookGraph graph = result.graph().orElseThrow();
        assertThat(graph.path()).isEqualTo(catalogDirectory + "/" + baseName(example));
        assertMatchesGolden(EXPLAINER.text(graph) + "\n--- mermaid\n" + EXPLAINER.mermaid(graph) + "\n--- dot\n"
                + EXPLAINER.dot(graph), goldenDirectory.resolve(baseName(example) + ".explain.txt"));
        return graph;
    }

    static void assertMatchesGolden(String actual, Path golden) throws IOException {
        if (Boolean.getBoolean("playbatch.golden.update") || !Files.exists(golden)) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    static String baseName(Path example) {
        return example.getFileName().toString().replace(".yaml", "");
    }
}
