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
import java.util.function.Function;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

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
    private final EventLedger ledger;
    private final RunContextLoader contexts;
    private final StepConfigRenderer renderer;
    private final RuntimeServices services;
    private final SimpleAsyncTaskExecutor splitExecutor;
    private final SimpleAsyncTaskExecutor partitionExecutor;

    public PlaybookLauncher(JobRepository jobRepository, JobOperator jobOperator, ExecutionRepository executions,
            EventLedger ledger, RunContextLoader contexts, StepConfigRenderer renderer,
            TransitionRecorder transitions, QueueTaskDispatcher dispatcher, WorkQueue queue,
            CompletionRegistry completions, LoopProperties loops, WorkerProperties workers,
            io.playbatch.catalog.PlaybookLocator locator) {
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
                launcherId, queue, completions, loops.settings(workers.threads()), children);
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
        Job job = assembly.apply(new PlaybookStepFactory(jobRepository, services, partitionExecutor));
        ((AbstractJob) job).registerJobExecutionListener(
                new PlaybookJobListener(request, executions, ledger, contexts, renderer));
        JobParameters parameters = new JobParametersBuilder()
                .addLong(PlaybookJobListener.RUN_ID, runId)
                .toJobParameters();
        return jobOperator.start(job, parameters);
    }

    /** A fresh run id, for {@link #launch(RunRequest, long, Function)}. */
    public long nextRunId() {
        return executions.nextRunId();
    }

    public JobRepository jobRepository() {
        return jobRepository;
    }
}
