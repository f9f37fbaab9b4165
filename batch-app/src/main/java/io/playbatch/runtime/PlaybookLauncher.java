package io.playbatch.runtime;

import io.playbatch.compiler.batch.JobGraphAssembler;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.tasks.TaskRunner;
import java.lang.management.ManagementFactory;
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
 * application's {@link PlaybookStepFactory}, attaches the ledger's job listener, and starts a new
 * run (a new job instance, identified by a fresh {@code run_id}). Runs synchronously in the caller's thread.
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
    private final PlatformTransactionManager transactionManager;
    private final SimpleAsyncTaskExecutor splitExecutor;

    public PlaybookLauncher(JobRepository jobRepository, JobOperator jobOperator, PlatformTransactionManager transactionManager,
            ExecutionRepository executions, EventLedger ledger, RunContextLoader contexts,
            StepConfigRenderer renderer, TaskRunner taskRunner, TransitionRecorder transitions) {
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.transactionManager = transactionManager;
        this.executions = executions;
        this.ledger = ledger;
        this.contexts = contexts;
        this.renderer = renderer;
        String workerId = ManagementFactory.getRuntimeMXBean().getName();
        this.services = new RuntimeServices(ledger, contexts, renderer, new LocalTaskDispatcher(taskRunner, workerId),
                transitions, workerId);
        this.splitExecutor = new SimpleAsyncTaskExecutor("playbatch-split-");
    }

    /** Starts a new run of the request's playbook and returns its finished execution. */
    public JobExecution launch(RunRequest request) throws Exception {
        Job job = new JobGraphAssembler(jobRepository,
                new PlaybookStepFactory(jobRepository, transactionManager, services), splitExecutor)
                .assemble(request.graph());
        ((AbstractJob) job).registerJobExecutionListener(
                new PlaybookJobListener(request, executions, ledger, contexts, renderer));
        JobParameters parameters = new JobParametersBuilder()
                .addLong(PlaybookJobListener.RUN_ID, executions.nextRunId())
                .toJobParameters();
        return jobOperator.start(job, parameters);
    }
}
