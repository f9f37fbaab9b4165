package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.RecoverySpec;
import org.junit.jupiter.api.Test;

/** {@code recovery}: its defaults, the values the graph carries, and PB059/PB060 with their positions. */
class RecoveryRulesTest {

    private final PlaybookCompiler compiler = new PlaybookCompiler();

    private CompilationResult compile(String recovery) {
        return compiler.compile("recovery.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: recovery }
                %s
                workflow:
                  - step: start
                    next: [ end ]
                  - step: end
                """.formatted(recovery));
    }

    @Test
    void playbookWithoutRecoveryIsResumedAutomaticallyThreeTimes() {
        RecoverySpec recovery = compile("").graph().orElseThrow().recovery();

        assertThat(recovery).isEqualTo(new RecoverySpec(RecoverySpec.Resume.AUTO, 3));
        assertThat(recovery.resumesAfter(2)).isTrue();
        assertThat(recovery.resumesAfter(3)).isFalse();
    }

    @Test
    void manualRecoveryNeverResumes() {
        RecoverySpec recovery = compile("recovery: { resume: manual }").graph().orElseThrow().recovery();

        assertThat(recovery.resume()).isEqualTo(RecoverySpec.Resume.MANUAL);
        assertThat(recovery.resumesAfter(0)).isFalse();
    }

    @Test
    void maxResumesIsCarriedIntoTheGraph() {
        RecoverySpec recovery = compile("recovery: { resume: auto, max_resumes: 7 }").graph().orElseThrow().recovery();

        assertThat(recovery).isEqualTo(new RecoverySpec(RecoverySpec.Resume.AUTO, 7));
    }

    @Test
    void unknownResumeModeIsPb059AtItsValue() {
        CompilationResult result = compile("recovery: { resume: later }");

        assertThat(result.graph()).isEmpty();
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB059");
            assertThat(d.position().line()).isEqualTo(4);
            assertThat(d.position().column()).isEqualTo(21);
        });
    }

    @Test
    void maxResumesBeyondTheLimitIsPb060() {
        CompilationResult result = compile("recovery: { max_resumes: 99999999999999999999 }");

        assertThat(result.diagnostics()).singleElement().satisfies(d -> assertThat(d.code()).isEqualTo("PB060"));
    }

    @Test
    void maxResumesThatIsNotAWholeNumberIsAWrongType() {
        CompilationResult result = compile("recovery: { max_resumes: 2.5 }");

        assertThat(result.diagnostics()).singleElement().satisfies(d -> assertThat(d.code()).isEqualTo("PB006"));
    }

    @Test
    void unknownKeyInRecoveryIsReportedWithTheAllowedKeys() {
        CompilationResult result = compile("recovery: { resumes: 2 }");

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB005");
            assertThat(d.hint()).contains("resume");
        });
    }
}
