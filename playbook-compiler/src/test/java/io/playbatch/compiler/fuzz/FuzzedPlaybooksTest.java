package io.playbatch.compiler.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2 of issue 11: 2,000 seeded mutations of the shipped examples each end with exit 0
 * or 2 and diagnostics, never an exception or a stack trace, within 5 s. {@code ops/fuzz N SEED}
 * runs more.
 */
class FuzzedPlaybooksTest {

    private static final Path EXAMPLES = Path.of("../job-configs/examples");

    @Test
    void twoThousandMutatedExamplesEndInDiagnosticsNeverInAnException(@TempDir Path dir) {
        FuzzRun.Figures figures = FuzzRun.run(EXAMPLES, 2_000, 11, dir);

        assertThat(figures.failures()).as(figures.summary()).isEmpty();
        assertThat(figures.byExitCode().keySet()).as(figures.summary()).containsExactly(0, 2);
        assertThat(figures.byExitCode().get(2)).as("most mutations break the playbook").isGreaterThan(1_000);
        assertThat(figures.maxMillis()).isLessThanOrEqualTo(FuzzRun.MAX_MILLIS);
        // Each file is at most 1 MiB and the tree shares aliases: a run stays far below what a bomb would take.
        assertThat(figures.peakHeapBytes()).as(figures.summary()).isLessThan(1024L * 1024 * 1024);
    }

    @Test
    void theSameSeedMutatesTheSameWay() {
        String playbook = "apiVersion: playbatch.io/v2\nkind: Playbook\nmetadata: { name: x }\nworkflow: []\n";

        assertThat(new PlaybookMutator(7).mutate(playbook)).isEqualTo(new PlaybookMutator(7).mutate(playbook));
    }
}
