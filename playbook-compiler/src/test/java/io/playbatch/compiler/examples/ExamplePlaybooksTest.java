package io.playbatch.compiler.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.PlaybookCompiler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped example validates clean, compiles, and explains exactly as its golden file says
 * ({@link GoldenFiles}).
 */
class ExamplePlaybooksTest {

    static final Path EXAMPLES = Path.of("../job-configs/examples");
    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();

    static List<Path> examples() throws IOException {
        return GoldenFiles.playbooks(EXAMPLES);
    }

    @Test
    void theExamplesCoverEveryShapeOfTheDsl() throws IOException {
        List<String> names = examples().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(9).contains("hello.yaml", "linear.yaml", "choice.yaml",
                "parallel.yaml", "loop_parallel.yaml", "loop_sequential.yaml", "workbook.yaml", "sub_playbook.yaml",
                "child_report.yaml", "on_failure.yaml", "chunk.yaml");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleValidatesCleanAndExplainsAsItsGoldenFile(Path example) throws IOException {
        GoldenFiles.assertExplainsAsGolden(COMPILER, example, "examples", Path.of("src/test/resources/golden"));
    }
}
