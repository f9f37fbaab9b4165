package io.playbatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PlaybookRoots} accepts playbook files inside the roots once links and {@code ..} are followed, nothing else. */
class PlaybookRootsTest {

    @TempDir
    Path dir;

    @Test
    void onlyExistingPlaybookFilesInsideARootAreResolved() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path playbook = Files.writeString(Files.createDirectories(root.resolve("examples")).resolve("hello.yaml"), "x");
        Path outside = Files.writeString(dir.resolve("outside.yaml"), "secret");
        Files.writeString(root.resolve("notes.txt"), "x");
        Files.createSymbolicLink(root.resolve("link.yaml"), outside);
        Files.createSymbolicLink(root.resolve("inner-link.yaml"), playbook);
        PlaybookRoots roots = new PlaybookRoots(List.of(" " + root + " ", ""));

        assertThat(roots.resolve(playbook.toString())).isEqualTo(playbook.toRealPath());
        assertThat(roots.resolve(root + "/examples/../examples/hello.yaml")).isEqualTo(playbook.toRealPath());
        assertThat(roots.resolve(root.resolve("inner-link.yaml").toString())).isEqualTo(playbook.toRealPath());
        for (String refused : List.of(outside.toString(), root + "/../outside.yaml", root.resolve("link.yaml").toString(),
                root.resolve("notes.txt").toString(), root.resolve("missing.yaml").toString(), root.toString(),
                "/etc/passwd", "hello.yaml\0", "")) {
            OutsidePlaybookRootsException e = catchThrowableOfType(OutsidePlaybookRootsException.class,
                    () -> roots.resolve(refused));
            assertThat(e).as(refused).isNotNull();
            assertThat(e.getMessage()).contains(root.toString()).contains(PlaybookRoots.PROPERTY)
                    .doesNotContain("secret");
        }
        assertThat(roots.contains(playbook)).isTrue();
        assertThat(roots.contains(root.resolve("link.yaml"))).isFalse();
    }

    @Test
    void aRootThatIsItselfALinkCountsWhereItPoints() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path playbook = Files.writeString(real.resolve("p.yml"), "x");
        Path linked = Files.createSymbolicLink(dir.resolve("linked"), real);
        PlaybookRoots roots = new PlaybookRoots(List.of(linked.toString()));

        assertThat(roots.resolve(linked.resolve("p.yml").toString())).isEqualTo(playbook.toRealPath());
        assertThat(roots.resolve(playbook.toString())).isEqualTo(playbook.toRealPath());
        assertThat(new PlaybookRoots(List.of(dir.resolve("missing-root").toString())).contains(playbook)).isFalse();
    }
}
