package io.playbatch.runtime;

import io.playbatch.compiler.batch.JobGraphAssembler;
import io.playbatch.compiler.batch.StepFactory;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.queue.CompletionRegistry;
import io.playbatch.queue.WorkQueue;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.worker.WorkerIds;
import io.playbatch.worker.WorkerProperties;
import io.playbatch.chunk.ChunkItems;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.save.DataSaver;
import java.util.Map;
import java.util.function.Function;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Launches compiled playbooks on Spring Batch: assembles the job from the graph with the
 * application's {@link PlaybookStepFactory} (every task goes through the work queue, see
 * {@link QueueTaskDispatcher}), attaches the ledger's job listener, and starts a new run (a new job
 * instance, identified by a fresh {@code run_id}). Runs synchronously in the caller's thread.
 */
@Component
public class PlaybookLauncher {

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final ExecutionRepository executions;
    private final io.playbatch.catalog.PlaybookRevisions revisions;
    private final EventLedger ledger;
    private final RunContextLoader contexts;
    private final StepConfigRenderer renderer;
    private final RuntimeServices services;
    private final SimpleAsyncTaskExecutor splitExecutor;
    private final SimpleAsyncTaskExecutor partitionExecutor;
    private final PlatformTransactionManager transactionManager;

    public PlaybookLauncher(JobRepository jobRepository, JobOperator jobOperator, ExecutionRepository executions,
            EventLedger ledger, RunContextLoader contexts, StepConfigRenderer renderer,
            TransitionRecorder transitions, QueueTaskDispatcher dispatcher, WorkQueue queue,
            CompletionRegistry completions, LoopProperties loops, WorkerProperties workers, DataSaver saver,
            ChunkItems chunks, PlatformTransactionManager transactionManager,
            io.playbatch.catalog.PlaybookLocator locator, io.playbatch.catalog.PlaybookRevisions revisions,
            io.playbatch.render.McpTaskRenderer mcpTasks, io.playbatch.mcp.client.JsonSchemaCheck schemas,
            io.playbatch.json.JsonCodec json,
            @org.springframework.beans.factory.annotation.Value("${batch.mcp.max-transcript-bytes:4194304}")
            long maxTranscriptBytes) {
        this.revisions = revisions;
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.executions = executions;
        this.ledger = ledger;
        this.contexts = contexts;
        this.renderer = renderer;
        String launcherId = WorkerIds.of("launcher");
        // A child run is launched by this same launcher, from inside the parent's step.
        ChildPlaybooks children = new ChildPlaybooks(locator, ledger, executions,
                request -> launch(request).getId(), launcherId);
        this.services = new RuntimeServices(ledger, contexts, renderer, dispatcher, transitions,
                launcherId, queue, completions, loops.settings(workers.threads()), children, saver, chunks, mcpTasks,
                new AgentLoopSupport(schemas, json, maxTranscriptBytes));
        this.transactionManager = transactionManager;
        this.splitExecutor = new SimpleAsyncTaskExecutor("playbatch-split-");
        // Partition threads mostly wait for their iterations; there are at most playbatch.loop.partitions per loop.
        this.partitionExecutor = new SimpleAsyncTaskExecutor("playbatch-loop-");
    }

    /** Starts a new run of the request's playbook and returns its finished execution. */
    public JobExecution launch(RunRequest request) throws Exception {
        return launch(request, executions.nextRunId(), factory ->
                new JobGraphAssembler(jobRepository, factory, splitExecutor).assemble(request.graph()));
    }

    /**
     * Starts (or, when {@code runId} names a failed or stopped run of the same playbook, restarts)
     * a run with a job the caller assembles from this launcher's step factory: how tests and the
     * benchmark build jobs by hand, the way the compiler's {@link JobGraphAssembler} does.
     */
    public JobExecution launch(RunRequest request, long runId, Function<StepFactory, Job> assembly) throws Exception {
        Job job = assembly.apply(new PlaybookStepFactory(jobRepository, services, partitionExecutor,
                transactionManager));
        ((AbstractJob) job).registerJobExecutionListener(
                new PlaybookJobListener(request, revisions, executions, ledger, contexts, renderer));
        JobParameters parameters = new JobParametersBuilder()
                .addLong(PlaybookJobListener.RUN_ID, runId)
                .toJobParameters();
        return jobOperator.start(job, parameters);
    }

    /**
     * Restarts a FAILED or STOPPED execution as a new execution of the same run (the same job
     * instance, same {@code run_id}), with a job rebuilt from {@code graph} (which must be the graph
     * the failed execution ran) and the failed execution's workload; the new {@code execution} row
     * has {@code restart_of} set. Spring Batch skips the steps that completed and resumes a chunk
     * step after its last committed chunk. An execution left STARTED by a dead process must first be
     * marked FAILED ({@code JobOperator.recover}). Runs synchronously in the caller's thread.
     */
    public JobExecution restart(PlaybookGraph graph, long failedExecutionId) throws Exception {
        return restart(graph, failedExecutionId, factory ->
                new JobGraphAssembler(jobRepository, factory, splitExecutor).assemble(graph));
    }

    /** {@link #restart(PlaybookGraph, long)} with a job the caller assembles, as {@link #launch(RunRequest, long, Function)}. */
    public JobExecution restart(PlaybookGraph graph, long failedExecutionId, Function<StepFactory, Job> assembly)
            throws Exception {
        String ran = executions.find(failedExecutionId).map(e -> e.playbookPath()).orElseThrow(() ->
                new IllegalArgumentException("no execution " + failedExecutionId + " to restart"));
        if (!graph.path().equals(ran)) {
            // Another job name would make Spring Batch start a new job instance instead of resuming this one.
            throw new IllegalArgumentException("execution " + failedExecutionId + " ran playbook " + ran
                    + ", not " + graph.path() + "; restart it with the playbook it ran");
        }
        JobExecution failed = jobRepository.getJobExecution(failedExecutionId);
        if (failed.getStatus() != BatchStatus.FAILED && failed.getStatus() != BatchStatus.STOPPED) {
            throw new IllegalStateException("execution " + failedExecutionId + " is " + failed.getStatus()
                    + "; only a FAILED or STOPPED execution can be restarted (recover a dead one first)");
        }
        Long runId = failed.getJobParameters().getLong(PlaybookJobListener.RUN_ID);
        @SuppressWarnings("unchecked")
        Map<String, Object> workload = (Map<String, Object>) contexts.load(failedExecutionId, graph.path(), "restart")
                .variables().get("workload");
        RunRequest request = new RunRequest(graph, workload, failedExecutionId, null, null, null);
        return launch(request, runId, assembly);
    }

    /** Marks a FAILED or STOPPED job execution ABANDONED in Spring Batch's repository. */
    public void abandon(long executionId) throws Exception {
        jobOperator.abandon(jobRepository.getJobExecution(executionId));
    }

    /** A fresh run id, for {@link #launch(RunRequest, long, Function)}. */
    public long nextRunId() {
        return executions.nextRunId();
    }

    public JobRepository jobRepository() {
        return jobRepository;
    }
}
