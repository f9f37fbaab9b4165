package io.playbatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.testsupport.Graphs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child playbook's catalog path, which a workload may supply, finds files inside the catalog root only. */
class PlaybookLocatorTest {

    @TempDir
    Path dir;

    @Test
    void aCatalogPathThatLeavesTheRootFindsNothing() throws Exception {
        Path root = Files.createDirectories(dir.resolve("catalog/examples")).getParent();
        Path child = Files.writeString(root.resolve("examples/child.yaml"), "x");
        Files.writeString(dir.resolve("outside.yaml"), "x");
        Files.createSymbolicLink(root.resolve("examples/link.yaml"), dir.resolve("outside.yaml"));
        PlaybookLocator locator = new PlaybookLocator(root.toString());
        PlaybookGraph parent = Graphs.line("tests/parent", Map.of());

        assertThat(locator.locate(parent, "examples/child")).contains(child);
        assertThat(locator.locate(parent, "../outside")).isEmpty();
        assertThat(locator.locate(parent, "examples/../../outside")).isEmpty();
        assertThat(locator.locate(parent, "examples/link")).isEmpty();
        assertThat(locator.locate(parent, dir.resolve("outside").toString())).isEmpty();
        assertThat(locator.locate(parent, "examples/child\0")).isEmpty();
    }
}
