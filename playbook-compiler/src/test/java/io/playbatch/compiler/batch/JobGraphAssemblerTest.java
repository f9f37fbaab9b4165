package io.playbatch.compiler.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.PlaybookGraph;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.support.TaskExecutorJobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.core.task.SyncTaskExecutor;

class JobGraphAssemblerTest {

    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();

    private final JobRepository repository = new ResourcelessJobRepository();
    private final RecordingStepFactory steps = new RecordingStepFactory(repository);
    private final JobGraphAssembler assembler = new JobGraphAssembler(repository, steps, new SyncTaskExecutor());

    static PlaybookGraph compile(String file, String yaml) {
        CompilationResult result = COMPILER.compile(file, yaml);
        assertThat(result.diagnostics()).isEmpty();
        return result.graph().orElseThrow();
    }

    private JobExecution run(Job job) throws Exception {
        TaskExecutorJobLauncher launcher = new TaskExecutorJobLauncher();
        launcher.setJobRepository(repository);
        launcher.afterPropertiesSet();
        return launcher.run(job, new JobParameters());
    }

    @Test
    void helloRunsItsStepsInOrderUnderTheCatalogPath() throws Exception {
        PlaybookGraph graph = COMPILER.compile(Path.of("../job-configs/examples/hello.yaml")).graph().orElseThrow();
        Job job = assembler.assemble(graph);

        JobExecution execution = run(job);

        assertThat(job.getName()).isEqualTo("examples/hello");
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(steps.ran).containsExactly("start", "greet", "whoami", "end");
    }

    private static final String CHOICE = """
            apiVersion: playbatch.io/v2
            kind: Playbook
            metadata: { name: choice }
            workflow:
              - step: start
                next:
                  - when: "$workload.rows > 10"
                    then: [ big ]
                  - else: [ small ]
              - step: big
                type: noop
                next: [ report ]
              - step: small
                type: noop
                next: [ report ]
              - step: report
                type: noop
            """;

    @Test
    void decisionTakesTheFirstTrueCase() throws Exception {
        steps.condition("$workload.rows > 10", true);
        JobExecution execution = run(assembler.assemble(compile("choice.yaml", CHOICE)));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(steps.ran).containsExactly("start", "big", "report");
        assertThat(steps.decisions).containsExactly("start -> big");
    }

    @Test
    void decisionFallsBackToElse() throws Exception {
        steps.condition("$workload.rows > 10", false);
        JobExecution execution = run(assembler.assemble(compile("choice.yaml", CHOICE)));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(steps.ran).containsExactly("start", "small", "report");
    }

    @Test
    void failedStepGoesToItsHandlerAndFailsTheRun() throws Exception {
        steps.failOnce("load");
        JobExecution execution = run(assembler.assemble(compile("f.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: f }
                workflow:
                  - step: start
                    next: [ load ]
                  - step: load
                    type: noop
                    on_failure: { step: alert }
                    next: [ after ]
                  - step: after
                    type: noop
                  - step: alert
                    type: log
                    args: { message: "load failed: ${steps.load.error.message}" }
                """)));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(steps.ran).containsExactly("start", "load", "alert");
    }

    @Test
    void parallelSplitRunsEveryBranchThenTheJoin() throws Exception {
        JobExecution execution = run(assembler.assemble(compile("p.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: p }
                workflow:
                  - step: start
                    next: [ a, b ]
                  - step: a
                    type: noop
                    next: [ a2 ]
                  - step: a2
                    type: noop
                    next: [ join ]
                  - step: b
                    type: noop
                    next: [ join ]
                  - step: join
                    type: log
                    args: { message: "${steps.a2.status} ${steps.b.status}" }
                """)));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(steps.ran).containsExactlyInAnyOrder("start", "a", "a2", "b", "join");
        assertThat(steps.ran.get(steps.ran.size() - 1)).isEqualTo("join");
        assertThat(steps.ran.indexOf("a2")).isGreaterThan(steps.ran.indexOf("a"));
    }

    @Test
    void loopBecomesAPartitionedStepRunningEveryPartition() throws Exception {
        JobExecution execution = run(assembler.assemble(compile("l.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: l }
                workload: { cities: [ a, b ] }
                workflow:
                  - step: start
                    next: [ cities ]
                  - step: cities
                    loop: { over: "$workload.cities", as: city }
                    type: log
                    args: { message: "${city} ${index}" }
                """)));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(steps.ran).containsExactlyInAnyOrder("start", "cities[0]", "cities[1]", "cities[2]", "cities[3]");
        assertThat(execution.getStepExecutions()).extracting(s -> s.getStepName())
                .contains("cities", "cities:partition:partition0");
    }

    @Test
    void graphWithStructuralProblemsIsRefused() {
        PlaybookGraph graph = compile("choice.yaml", CHOICE);
        PlaybookGraph broken = new PlaybookGraph(graph.name(), graph.path(), null, graph.labels(), graph.workload(),
                graph.nodes(), graph.edges().stream().filter(e -> !e.to().equals("small")).toList(), null,
                graph.schedules(), graph.sourceFile(), graph.contentHash());

        assertThatThrownBy(() -> assembler.assemble(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("small");
    }
}
