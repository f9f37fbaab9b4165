package io.playbatch.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One file, one catalog path, however its path is typed. */
class CatalogPathsTest {

    private static final String PLAYBOOK = """
            apiVersion: playbatch.io/v2
            kind: Playbook
            metadata: { name: p }
            workflow:
              - step: start
            """;

    @Test
    void everySpellingOfACheckoutsPlaybookNamesItRelativeToJobConfigs(@TempDir Path dir) throws IOException {
        Path hello = Path.of("../job-configs/examples/hello.yaml");
        Path fileLink = Files.createSymbolicLink(dir.resolve("link.yaml"), hello.toAbsolutePath());
        Path dirLink = Files.createSymbolicLink(dir.resolve("examples"), hello.toAbsolutePath().getParent());
        List<Path> spellings = List.of(hello, hello.toAbsolutePath(),
                Path.of("./../playbook-compiler/../job-configs/examples/./hello.yaml"),
                Path.of("../job-configs/invalid/../examples/hello.yaml"), fileLink, dirLink.resolve("hello.yaml"));

        assertThat(spellings).extracting(CatalogPaths.defaults()::of).containsOnly("examples/hello");
    }

    @Test
    void aConfiguredRootNamesItsFilesRelativeToIt(@TempDir Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("playbooks"));
        Path file = write(Files.createDirectories(root.resolve("team")).resolve("nightly.yml"));
        Path link = Files.createSymbolicLink(dir.resolve("nightly.yml"), file);
        CatalogPaths paths = new CatalogPaths(List.of(dir.resolve("elsewhere"), root));

        assertThat(List.of(file, link, root.resolve("team/../team/nightly.yml"))).extracting(paths::of)
                .containsOnly("team/nightly");
    }

    @Test
    void aFileOutsideEveryRootIsNamedByItsFileName(@TempDir Path dir) throws IOException {
        Path file = write(Files.createDirectories(dir.resolve("a/b")).resolve("report.yaml"));

        assertThat(CatalogPaths.defaults().of(file)).isEqualTo("report");
        assertThat(CatalogPaths.defaults().of(dir.resolve("a/./b/../b/report.yaml"))).isEqualTo("report");
    }

    @Test
    void aFileUnderTheWorkingDirectoryIsNamedRelativeToIt() {
        assertThat(CatalogPaths.defaults().of(Path.of("src/test/resources").toAbsolutePath().resolve("x.yaml")))
                .isEqualTo("src/test/resources/x");
    }

    @Test
    void theCompilerNamesAFileByItsCatalogPathAndARevisionByItsRecordedOne(@TempDir Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path file = write(Files.createDirectories(root.resolve("pb")).resolve("http_fail.yaml"));
        PlaybookCompiler compiler = new PlaybookCompiler(CompilerOptions.defaults().withPlaybookRoots(List.of(root)));

        assertThat(compiler.compile(file).graph().orElseThrow().path()).isEqualTo("pb/http_fail");
        assertThat(compiler.compile(Files.createSymbolicLink(dir.resolve("l.yaml"), file)).graph().orElseThrow()
                .path()).isEqualTo("pb/http_fail");
        assertThat(compiler.compileRevision("pb/http_fail", "somewhere/else.yaml", PLAYBOOK).graph().orElseThrow()
                .path()).isEqualTo("pb/http_fail");
    }

    @Test
    void metadataPathStillWins(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, PLAYBOOK.replace("{ name: p }", "{ name: p, path: team/named }"));

        assertThat(new PlaybookCompiler().compile(file).graph().orElseThrow().path()).isEqualTo("team/named");
    }

    private static Path write(Path file) throws IOException {
        return Files.writeString(file, PLAYBOOK);
    }
}
