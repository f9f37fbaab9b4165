package io.playbatch.compiler.examples;

import io.playbatch.compiler.CompilerOptions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.PlaybookGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP examples under {@code job-configs/examples/mcp/} validate clean with the default options
 * (no stdio command allowed, as on a fresh installation) and explain as their golden files say
 * ({@link GoldenFiles}).
 */
class McpExamplePlaybooksTest {

    static final Path EXAMPLES = Path.of("../job-configs/examples/mcp");
    static final Path GOLDEN = Path.of("src/test/resources/golden/mcp");
    static final PlaybookCompiler COMPILER = new PlaybookCompiler(CompilerOptions.defaults());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<Path> examples() throws IOException {
        return GoldenFiles.playbooks(EXAMPLES);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleValidatesCleanAndExplainsAsItsGoldenFile(Path example) throws IOException {
        GoldenFiles.assertExplainsAsGolden(COMPILER, example, "examples/mcp", GOLDEN);
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
        GoldenFiles.assertMatchesGolden(snapshot, GOLDEN.resolve(GoldenFiles.baseName(example) + ".ir.json"));
    }
}
