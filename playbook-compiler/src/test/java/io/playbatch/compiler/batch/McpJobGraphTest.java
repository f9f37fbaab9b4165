package io.playbatch.compiler.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.support.TaskExecutorJobLauncher;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.core.task.SyncTaskExecutor;

/** The MCP node kinds in the Spring Batch job: implicit resource reads run right after start, agent loops get their own step. */
class McpJobGraphTest {

    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();

    private final JobRepository repository = new ResourcelessJobRepository();
    private final RecordingStepFactory steps = new RecordingStepFactory(repository);
    private final JobGraphAssembler assembler = new JobGraphAssembler(repository, steps, new SyncTaskExecutor());

    private JobExecution run(Job job) throws Exception {
        TaskExecutorJobLauncher launcher = new TaskExecutorJobLauncher();
        launcher.setJobRepository(repository);
        launcher.afterPropertiesSet();
        return launcher.run(job, new JobParameters());
    }

    private static PlaybookGraph compile(String yaml) {
        CompilationResult result = COMPILER.compile("mcp.yaml", yaml);
        assertThat(result.diagnostics()).isEmpty();
        return result.graph().orElseThrow();
    }

    @Test
    void triageAgentReadsItsContextThenRunsTheLoopStepThenTheReport() throws Exception {
        PlaybookGraph graph = COMPILER.compile(Path.of("../job-configs/examples/mcp/triage-agent.yaml")).graph()
                .orElseThrow();

        JobExecution execution = run(assembler.assemble(graph));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(steps.ran).containsExactly("start", "resource:runbook", "triage(agent)", "report");
        assertThat(graph.resourcesReadBy("triage")).extracting(StepNode::name).containsExactly("resource:runbook");
    }

    @Test
    void aStepFactoryWithoutAgentLoopsRefusesTheAgentLoopClearly() {
        PlaybookGraph graph = COMPILER.compile(Path.of("../job-configs/examples/mcp/triage-agent.yaml")).graph()
                .orElseThrow();
        StepFactory withoutAgentLoops = new StepFactory() {
            @Override
            public Step step(PlaybookGraph g, StepNode node) {
                return steps.step(g, node);
            }

            @Override
            public Partitioner partitioner(PlaybookGraph g, StepNode loopNode) {
                return steps.partitioner(g, loopNode);
            }

            @Override
            public PartitionHandler partitionHandler(PlaybookGraph g, StepNode loopNode, Step workerStep) {
                return steps.partitionHandler(g, loopNode, workerStep);
            }

            @Override
            public Step partitionWorkerStep(PlaybookGraph g, StepNode loopNode) {
                return steps.partitionWorkerStep(g, loopNode);
            }

            @Override
            public ConditionEvaluator conditions(PlaybookGraph g) {
                return steps.conditions(g);
            }
        };

        assertThatThrownBy(() -> new JobGraphAssembler(repository, withoutAgentLoops, new SyncTaskExecutor())
                .assemble(graph)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("step `triage`").hasMessageContaining("agent loop");
    }

    @Test
    void implicitReadsTakeOverTheDecisionsOfStartAndFeedEveryReader() throws Exception {
        PlaybookGraph graph = compile("""
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: reads }
                workload: { url: "http://127.0.0.1:8931/mcp", rows: 3 }
                mcp:
                  servers: { crm: { url: "$workload.url" } }
                  resources:
                    policy: { server: crm, uri: "crm://policy" }
                    rates: { server: crm, uri: "crm://rates" }
                  tools:
                    note: { server: crm, read_only: true }
                workflow:
                  - step: start
                    next:
                      - when: "$workload.rows > 10"
                        then: [ big ]
                      - else: [ small ]
                  - step: big
                    task: note
                    args: { text: "$resources.policy.text" }
                    next: [ report ]
                  - step: small
                    task: note
                    args: { text: "${resources.rates.text} / $resources.policy.text" }
                    next: [ report ]
                  - step: report
                    type: log
                    args: { message: "$resources.rates.text" }
                """);
        steps.condition("$workload.rows > 10", false);

        JobExecution execution = run(assembler.assemble(graph));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(steps.ran).containsExactly("start", "resource:policy", "resource:rates", "small", "report");
        assertThat(steps.decisions).containsExactly("resource:rates -> small");
        assertThat(graph.outgoing("start")).extracting(e -> e.to()).containsExactly("resource:policy");
        assertThat(graph.edges().stream().filter(e -> e.kind() == EdgeKind.RESOURCE)
                .map(e -> e.from() + ">" + e.to()).toList())
                .containsExactlyInAnyOrder("resource:policy>big", "resource:policy>small", "resource:rates>small",
                        "resource:rates>report");
        assertThat(graph.incoming("small")).extracting(e -> e.kind()).containsOnly(EdgeKind.ELSE);
    }
}
