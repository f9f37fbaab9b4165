package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.diag.DiagnosticCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every link a diagnostic carries leads to a section of docs/migration.md (anchors as GitHub makes them). */
class MigrationGuideTest {

    private static final Path GUIDE = Path.of("../docs/migration.md");

    private static Set<String> anchors() throws IOException {
        return Files.readAllLines(GUIDE).stream().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    @Test
    void everyDocLinkIsAnAnchorOfTheMigrationGuide() throws IOException {
        List<String> docs = new ArrayList<>();
        for (DiagnosticCode code : DiagnosticCode.values()) {
            docs.add(code.doc());
        }
        for (String type : List.of("postgres", "duckdb", "playbooks", "secrets", "transfer", "save")) {
            docs.add(LegacyTaskTypes.hint(type).orElseThrow().doc());
        }
        Set<String> anchors = anchors();

        assertThat(docs.stream().filter(Objects::nonNull).toList()).hasSizeGreaterThan(12).allSatisfy(doc -> {
            assertThat(doc).startsWith(DiagnosticCode.MIGRATION_GUIDE + "#");
            assertThat(anchors).contains(doc.substring(doc.indexOf('#') + 1));
        });
    }

    @Test
    void theDiagnosticsSectionsAreUnderOneHeadingForOtherSectionsToSitBeside() throws IOException {
        assertThat(anchors()).contains("diagnostics", "v1-next-edges", "v1-jinja-templates");
    }
}
