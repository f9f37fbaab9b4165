package io.playbatch.runtime;

import io.micrometer.observation.ObservationRegistry;
import io.playbatch.catalog.PlaybookLocator;
import io.playbatch.catalog.PlaybookRevisions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.batch.JobGraphAssembler;
import io.playbatch.compiler.batch.StepFactory;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.mcp.client.JsonSchemaCheck;
import io.playbatch.metrics.RunMeters;
import io.playbatch.queue.CompletionRegistry;
import io.playbatch.queue.WorkQueue;
import io.playbatch.render.McpTaskRenderer;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.tasks.TaskRunner;
import io.playbatch.worker.WorkerIds;
import io.playbatch.worker.WorkerProperties;
import io.playbatch.beans.PlaybookBeans;
import io.playbatch.chunk.ChunkItems;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.save.DataSaver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.ListableStepLocator;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Launches compiled playbooks on Spring Batch: assembles the job from the graph with the
 * application's {@link PlaybookStepFactory} (every task goes through the work queue, see
 * {@link QueueTaskDispatcher}), attaches the ledger's job listener, and starts a new run (a new job
 * instance, identified by a fresh {@code run_id}), either in the caller's thread ({@code launch}) or on a
 * background thread ({@code submit}).
 */
@Component
public class PlaybookLauncher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PlaybookLauncher.class);

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final ExecutionRepository executions;
    private final PlaybookRevisions revisions;
    private final EventLedger ledger;
    private final RunContextLoader contexts;
    private final StepConfigRenderer renderer;
    private final RunMeters meters;
    private final NodeSteps nodeSteps;
    private final AgentLoopSteps agentLoopSteps;
    private final InlineSteps inlineSteps;
    private final LoopSteps loopSteps;
    private final GraphDecisions decisions;
    private final SimpleAsyncTaskExecutor splitExecutor;
    private final SimpleAsyncTaskExecutor runExecutor;
    private final PlatformTransactionManager transactionManager;
    private final ManagerHeartbeat heartbeat;
    private final ObservationRegistry observations;
    private final ExecutionStateWriter writer;

    public PlaybookLauncher(JobRepository jobRepository, JobOperator jobOperator, ExecutionRepository executions,
            EventLedger ledger, RunContextLoader contexts, StepConfigRenderer renderer,
            TransitionRecorder transitions, QueueTaskDispatcher dispatcher, QueuedOutcomes outcomes, WorkQueue queue,
            CompletionRegistry completions, LoopProperties loops, WorkerProperties workers, DataSaver saver,
            ChunkItems chunks, PlaybookBeans beans, PlatformTransactionManager transactionManager,
            PlaybookLocator locator, PlaybookRevisions revisions,
            ManagerHeartbeat heartbeat, ManagerProperties manager, PlaybookCompiler compiler,
            McpTaskRenderer mcpTasks, JsonSchemaCheck schemas,
            JsonCodec json, TaskRunner taskRunner,
            @Value("${playbatch.mcp.max-transcript-bytes:4194304}")
            long maxTranscriptBytes, RunMeters meters, ObservationRegistry observations, ExecutionStateWriter writer) {
        this.writer = writer;
        this.observations = observations;
        this.revisions = revisions;
        this.heartbeat = heartbeat;
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.executions = executions;
        this.ledger = ledger;
        this.contexts = contexts;
        this.renderer = renderer;
        String launcherId = WorkerIds.of("launcher");
        // A child run is launched by this same launcher, from inside the parent's step.
        ChildPlaybooks children = new ChildPlaybooks(locator, compiler, ledger, executions,
                request -> launch(request).getId(), launcherId);
        this.transactionManager = transactionManager;
        this.splitExecutor = new SimpleAsyncTaskExecutor("playbatch-split-");
        // Partition threads mostly wait for their iterations; there are at most playbatch.loop.partitions per loop.
        SimpleAsyncTaskExecutor partitionExecutor = new SimpleAsyncTaskExecutor("playbatch-loop-");
        this.meters = meters;
        NodeSave save = new NodeSave(contexts, renderer, saver);
        this.nodeSteps = new NodeSteps(ledger, transitions, meters, heartbeat, queue, contexts, mcpTasks, children,
                dispatcher, save, new InlineTasks(taskRunner, launcherId), launcherId);
        this.agentLoopSteps = new AgentLoopSteps(ledger, transitions, meters, heartbeat, contexts, renderer, mcpTasks,
                queue, outcomes, json, schemas, maxTranscriptBytes, save, launcherId);
        this.inlineSteps = new InlineSteps(chunks, beans, renderer, ledger, transitions, meters, contexts, save,
                launcherId);
        this.loopSteps = new LoopSteps(loops.settings(workers.threads()), ledger, queue, completions, contexts,
                renderer, mcpTasks, saver, transitions, heartbeat, children, launcherId, partitionExecutor);
        this.decisions = new GraphDecisions(contexts, renderer, ledger, transitions);
        // Background runs (submit) each hold one thread for their whole duration, like a synchronous caller would.
        this.runExecutor = new SimpleAsyncTaskExecutor("playbatch-run-");
        // Spring Batch updates an ended job once more after its listeners: a command that saw the
        // execution end and closes the application must not cut that last update off.
        this.runExecutor.setTaskTerminationTimeout(manager.shutdownWait().toMillis());
    }

    /** Waits up to {@code playbatch.manager.shutdown-wait} for the background runs to end. */
    @Override
    public void destroy() {
        runExecutor.close();
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
        return launch(request, runId, assembly, started -> { });
    }

    private JobExecution launch(RunRequest request, long runId, Function<StepFactory, Job> assembly,
            Consumer<JobExecution> onStarted) throws Exception {
        return launch(request, runId, assembly, created -> { }, onStarted);
    }

    /** {@code onCreated} is told of Spring Batch's job execution before anything of it reaches the ledger. */
    private JobExecution launch(RunRequest request, long runId, Function<StepFactory, Job> assembly,
            Consumer<JobExecution> onCreated, Consumer<JobExecution> onStarted) throws Exception {
        Job job = prepared(request, assembly, onCreated, onStarted);
        JobParameters parameters = new JobParametersBuilder()
                .addLong(PlaybookJobListener.RUN_ID, runId)
                .toJobParameters();
        return jobOperator.start(job, parameters);
    }

    /**
     * A Spring Batch {@link Job} of {@code graph} for another application's {@link JobOperator}: each
     * execution it is given runs as a fresh run of the playbook, recorded in the ledger like any other
     * (docs/spring.md).
     */
    public PlaybookJob job(PlaybookGraph graph) {
        return new PlaybookJob(graph, this, executions::nextRunId);
    }

    /**
     * Runs the request's playbook in an execution that a {@link JobOperator} already created (a
     * {@link PlaybookJob}'s), in the caller's thread, as {@link #launch(RunRequest)} would have.
     */
    void execute(RunRequest request, JobExecution execution) throws JobInterruptedException {
        prepared(request, factory -> new JobGraphAssembler(jobRepository, factory, splitExecutor).assemble(request.graph()),
                created -> { }, started -> { }).execute(execution);
    }

    /** The assembled job with the ledger's listeners, ready to execute. */
    private Job prepared(RunRequest request, Function<StepFactory, Job> assembly, Consumer<JobExecution> onCreated,
            Consumer<JobExecution> onStarted) {
        Job job = assembly.apply(new PlaybookStepFactory(jobRepository, transactionManager, nodeSteps,
                agentLoopSteps, inlineSteps, loopSteps, decisions));
        observe(job);
        // Registered first, so it hears of the execution before the ledger's listener can fail on it.
        ((AbstractJob) job).registerJobExecutionListener(new JobExecutionListener() {
            @Override
            public void beforeJob(JobExecution jobExecution) {
                onCreated.accept(jobExecution);
            }
        });
        PlaybookJobListener ledgerListener = new PlaybookJobListener(request, revisions, executions, ledger, contexts,
                renderer, heartbeat, meters, writer, onStarted);
        ((AbstractJob) job).registerJobExecutionListener(ledgerListener);
        // The job's end is written with the ledger's in one transaction (docs/state-machine.md#one-writer).
        ((AbstractJob) job).setJobRepository(JobEndRouting.around(jobRepository, ledgerListener));
        return job;
    }

    /**
     * Spring Batch's own job and step observations ({@code spring.batch.job}, {@code spring.batch.step}):
     * jobs are assembled per run, not declared as beans, so Spring Batch's bean post-processor never
     * sees them. Only the job's own steps are observed; a loop's partitions are named by their index
     * ranges, which would make the step label unbounded.
     */
    private void observe(Job job) {
        ((AbstractJob) job).setObservationRegistry(observations);
        if (job instanceof ListableStepLocator steps) {
            for (String name : steps.getStepNames()) {
                if (steps.getStep(name) instanceof AbstractStep step) {
                    step.setObservationRegistry(observations);
                }
            }
        }
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
        return launch(restartRequest(graph, failedExecutionId), runIdOf(failedExecutionId), assembly);
    }

    private RunRequest restartRequest(PlaybookGraph graph, long failedExecutionId) {
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
        @SuppressWarnings("unchecked")
        Map<String, Object> workload = (Map<String, Object>) contexts.load(failedExecutionId, graph.path(), "restart")
                .variables().get("workload");
        return new RunRequest(graph, workload, failedExecutionId, null, null, null);
    }

    private long runIdOf(long executionId) {
        return jobRepository.getJobExecution(executionId).getJobParameters().getLong(PlaybookJobListener.RUN_ID);
    }

    /**
     * Starts a new run of the request's playbook on a background thread and returns as soon as its
     * execution is recorded (the {@code execution} row and {@code execution_started} are committed),
     * so the caller can hand out its ids and read it at once; the run goes on to its end.
     *
     * @throws Exception what prevented the execution from starting (nothing was recorded then)
     */
    public JobExecution submit(RunRequest request) throws Exception {
        return submit(request, executionId -> { });
    }

    /**
     * {@link #submit(RunRequest)}, calling {@code beforeSteps} with the new execution's id once it is
     * recorded and before its first step runs: a replay records there the steps it carries over.
     */
    public JobExecution submit(RunRequest request, LongConsumer beforeSteps) throws Exception {
        long runId = executions.nextRunId();
        return inBackground(request.graph().path(), true, (created, started) -> launch(request, runId,
                factory -> new JobGraphAssembler(jobRepository, factory, splitExecutor).assemble(request.graph()),
                created, execution -> {
                    beforeSteps.accept(execution.getId());
                    started.accept(execution);
                }));
    }

    /** {@link #restart(PlaybookGraph, long)} on a background thread, returning as {@link #submit(RunRequest)} does. */
    public JobExecution submitRestart(PlaybookGraph graph, long failedExecutionId, Map<String, Object> origin)
            throws Exception {
        RunRequest request = restartRequest(graph, failedExecutionId).withOrigin(origin);
        return inBackground(graph.path(), false, (created, started) -> launch(request, runIdOf(failedExecutionId),
                factory -> new JobGraphAssembler(jobRepository, factory, splitExecutor).assemble(graph), created,
                started));
    }

    /**
     * A launch that reports Spring Batch's job execution once created and again once the ledger
     * recorded it as started, then runs to the end.
     */
    private interface BackgroundLaunch {
        JobExecution run(Consumer<JobExecution> created, Consumer<JobExecution> started) throws Exception;
    }

    /**
     * Runs the launch on a background thread and returns its execution once recorded. A launch
     * that ends before that answers the caller with an error, and so must leave no execution
     * behind (docs/operations.md#admission-of-starts): its ledger row and Spring Batch's job
     * execution (with its job instance, for a new run) are removed.
     */
    private JobExecution inBackground(String playbook, boolean newRun, BackgroundLaunch launch) throws Exception {
        CompletableFuture<JobExecution> started = new CompletableFuture<>();
        AtomicReference<JobExecution> created = new AtomicReference<>();
        runExecutor.execute(() -> {
            Throwable failure = null;
            try {
                launch.run(created::set, started::complete);
            } catch (Throwable e) {
                failure = e;
            }
            if (started.isDone()) {
                if (failure != null) {
                    log.error("background run of {} failed", playbook, failure);
                }
                return;
            }
            // Removed before the caller hears of the failure, so that what it then reads agrees.
            if (created.get() != null) {
                forgetUnstarted(created.get(), newRun);
            }
            started.completeExceptionally(failure != null ? failure : new IllegalStateException(
                    "the run of " + playbook + " ended before its execution was recorded"));
        });
        try {
            return started.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Removes what a start that failed before being recorded left in the ledger and in Spring Batch. */
    private void forgetUnstarted(JobExecution execution, boolean newRun) {
        try {
            if (!executions.forgetUnstarted(execution.getId()) && executions.find(execution.getId()).isPresent()) {
                // It has events: it started, and its execution_complete says how it ended.
                return;
            }
            JobExecution stored = jobRepository.getJobExecution(execution.getId());
            if (stored == null) {
                return;
            }
            if (newRun) {
                jobRepository.deleteJobInstance(stored.getJobInstance());
            } else {
                jobRepository.deleteJobExecution(stored);
            }
        } catch (RuntimeException e) {
            log.warn("could not remove execution {}, whose start failed: {}", execution.getId(), e.getMessage());
        }
    }

    /** A fresh run id, for {@link #launch(RunRequest, long, Function)}. */
    public long nextRunId() {
        return executions.nextRunId();
    }

    public JobRepository jobRepository() {
        return jobRepository;
    }
}
