package io.playbatch.compiler.ir;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.bench.GeneratedPlaybook;
import io.playbatch.compiler.diag.Diagnostic;
import org.junit.jupiter.api.Test;

class GraphAnalysisTest {

    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();

    private static GraphAnalysis analyse(String workflow) {
        CompilationResult result = COMPILER.compile("g.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: g }
                workflow:
                """ + workflow);
        assertThat(result.diagnostics()).isEmpty();
        return GraphAnalysis.of(result.graph().orElseThrow());
    }

    @Test
    void branchesOfASplitHaveFinishedAtTheJoinButNotInsideEachOther() {
        GraphAnalysis analysis = analyse("""
                  - step: start
                    next: [ a, b ]
                  - step: a
                    next: [ a2 ]
                  - step: a2
                    next: [ j ]
                  - step: b
                    next: [ j ]
                  - step: j
                """);

        assertThat(analysis.splits()).singleElement().satisfies(split -> {
            assertThat(split.branches()).containsExactly("a", "b");
            assertThat(split.join()).isEqualTo("j");
            assertThat(split.regions().get(0)).containsExactlyInAnyOrder("a", "a2");
        });
        assertThat(analysis.finishedBefore("a2", "j")).isTrue();
        assertThat(analysis.finishedBefore("b", "j")).isTrue();
        assertThat(analysis.finishedBefore("a", "b")).isFalse();
        assertThat(analysis.finishedBefore("start", "a2")).isTrue();
    }

    @Test
    void exclusiveBranchesHaveNotBothFinishedWhereTheyMerge() {
        GraphAnalysis analysis = analyse("""
                  - step: start
                    next:
                      - when: "$workload.x"
                        then: [ a ]
                      - else: [ b ]
                  - step: a
                    next: [ m ]
                  - step: b
                    next: [ m ]
                  - step: m
                """);

        assertThat(analysis.splits()).isEmpty();
        assertThat(analysis.finishedBefore("a", "m")).isFalse();
        assertThat(analysis.finishedBefore("start", "m")).isTrue();
    }

    @Test
    void nestedSplitsSharingAJoinCountEveryBranch() {
        GraphAnalysis analysis = analyse("""
                  - step: start
                    next: [ a, b ]
                  - step: a
                    next: [ a1, a2 ]
                  - step: a1
                    next: [ j ]
                  - step: a2
                    next: [ j ]
                  - step: b
                    next: [ j ]
                  - step: j
                """);

        assertThat(analysis.splits()).hasSize(2);
        assertThat(analysis.finishedBefore("a1", "j")).isTrue();
        assertThat(analysis.finishedBefore("a2", "j")).isTrue();
        assertThat(analysis.finishedBefore("b", "j")).isTrue();
    }

    @Test
    void aBranchPathThatEndsEarlyDoesNotCountAsFinishedAtTheJoin() {
        GraphAnalysis analysis = analyse("""
                  - step: start
                    next: [ a, b ]
                  - step: a
                    next:
                      - when: "$workload.x"
                        then: [ a2 ]
                      - else: [ stop_here ]
                  - step: a2
                    next: [ j ]
                  - step: stop_here
                  - step: b
                    next: [ j ]
                  - step: j
                """);

        assertThat(analysis.finishedBefore("a2", "j")).isFalse();
        assertThat(analysis.finishedBefore("a", "j")).isTrue();
        assertThat(analysis.finishedBefore("b", "j")).isTrue();
    }

    @Test
    void splitWhoseBranchesAllEndJoinsAtTheEndOfTheRun() {
        GraphAnalysis analysis = analyse("""
                  - step: start
                    next: [ a, b ]
                  - step: a
                  - step: b
                    next: [ b2 ]
                  - step: b2
                """);

        assertThat(analysis.splits()).singleElement().satisfies(split -> assertThat(split.joinsAtEnd()).isTrue());
    }

    @Test
    void stepReachedFromOutsideABranchIsAnUnjoinedSplit() {
        CompilationResult result = COMPILER.compile("g.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: g }
                workflow:
                  - step: start
                    next:
                      - when: "$workload.x"
                        then: [ a, b ]
                      - else: [ a2 ]
                  - step: a
                    next: [ a2 ]
                  - step: a2
                    next: [ j ]
                  - step: b
                    next: [ j ]
                  - step: j
                """);

        assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly("PB019");
        assertThat(result.diagnostics().get(0).message()).contains("`a2`").contains("outside the branch");
    }

    @Test
    void generatedThousandStepPlaybookIsValid() {
        CompilationResult result = COMPILER.compile("big.yaml", GeneratedPlaybook.yaml(1000));

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.graph().orElseThrow().nodes()).hasSize(1000);
    }
}
