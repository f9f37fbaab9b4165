package io.playbatch.compiler.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every TODO's link lands on a heading of docs/migration.md: the anchors are a public contract. */
class MigrationDocumentationTest {

    @Test
    void everyTodoKindHasItsHeadingInTheMigrationGuide() throws IOException {
        String guide = Files.readString(Path.of("../docs/migration.md"));

        assertThat(guide).contains("\n## Converting with playbatch convert\n");
        for (TodoKind kind : TodoKind.values()) {
            assertThat(guide).as(kind.doc()).contains("\n#### " + kind.anchor() + "\n");
        }
    }
}
