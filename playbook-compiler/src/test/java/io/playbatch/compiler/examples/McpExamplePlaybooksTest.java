package io.playbatch.compiler.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.CompilerOptions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.batch.JobGraphExplainer;
import io.playbatch.compiler.ir.PlaybookGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MCP examples under {@code job-configs/examples/mcp/} validate clean with the default options
 * (no stdio command allowed, as on a fresh installation) and explain as their golden files say. Run with {@code -Dplaybatch.golden.update=true} to rewrite the golden files.
 */
class McpExamplePlaybooksTest {

    static final Path EXAMPLES = Path.of("../job-configs/examples/mcp");
    static final Path GOLDEN = Path.of("src/test/resources/golden/mcp");
    static final PlaybookCompiler COMPILER = new PlaybookCompiler(CompilerOptions.defaults());
    private static final JobGraphExplainer EXPLAINER = new JobGraphExplainer();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleValidatesCleanAndExplainsAsItsGoldenFile(Path example) throws IOException {
        CompilationResult result = COMPILER.compile(example);
        assertThat(result.diagnostics()).as("diagnostics of " + example).isEmpty();
        PlaybookGraph graph = result.graph().orElseThrow();
        String base = example.getFileName().toString().replace(".yaml", "");
        assertThat(graph.path()).isEqualTo("examples/mcp/" + base);

        String explained = EXPLAINER.text(graph) + "\n--- mermaid\n" + EXPLAINER.mermaid(graph) + "\n--- dot\n"
                + EXPLAINER.dot(graph);
        Path golden = GOLDEN.resolve(base + ".explain.txt");
        if (Boolean.getBoolean("playbatch.golden.update") || !Files.exists(golden)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, explained, StandardCharsets.UTF_8);
        }
        assertThat(explained).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    /** The IR the runtime reads (nodes with their resolved MCP callables, edges, definitions), pinned as JSON. */
    @ParameterizedTest
    @MethodSource("examples")
    void irMatchesItsSnapshot(Path example) throws IOException {
        PlaybookGraph graph = COMPILER.compile(example).graph().orElseThrow();
        Map<String, Object> ir = new LinkedHashMap<>();
        ir.put("path", graph.path());
        ir.put("nodes", graph.nodes());
        ir.put("edges", graph.edges());
        ir.put("mcp", graph.mcp());
        ir.put("mcpExposure", graph.mcpExposure());
        String snapshot = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ir) + "\n";
        String base = example.getFileName().toString().replace(".yaml", "");
        Path golden = GOLDEN.resolve(base + ".ir.json");
        if (Boolean.getBoolean("playbatch.golden.update") || !Files.exists(golden)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, snapshot, StandardCharsets.UTF_8);
        }
        assertThat(snapshot).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
