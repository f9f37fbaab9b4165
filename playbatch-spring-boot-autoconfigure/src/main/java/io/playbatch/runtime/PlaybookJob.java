package io.playbatch.runtime;

import io.playbatch.compiler.ir.PlaybookGraph;
import java.util.Map;
import java.util.function.LongSupplier;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.JobParametersIncrementer;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * One compiled playbook as a Spring Batch {@link Job} of a host application (docs/spring.md): its name is
 * the playbook's path, {@code JobOperator.startNextInstance} gives each start a fresh {@code run_id}, and
 * every execution runs the playbook with its own workload through {@link PlaybookLauncher}, recorded in the
 * ledger like a run of the standalone application. (Spring Batch 6's {@code JobOperator.start} replaces the
 * parameters of a job with an incrementer by the next instance's, so a start carries no other parameters.)
 * Thread-safe: each execution assembles its own job.
 */
public final class PlaybookJob implements Job {

    private static final Map<String, Object> ORIGIN = Map.of("via", "job-operator");

    private final PlaybookGraph graph;
    private final PlaybookLauncher launcher;
    private final LongSupplier runIds;

    PlaybookJob(PlaybookGraph graph, PlaybookLauncher launcher, LongSupplier runIds) {
        this.graph = graph;
        this.launcher = launcher;
        this.runIds = runIds;
    }

    @Override
    public String getName() {
        return graph.path();
    }

    /** A restart is a new run of the playbook; Playbatch's own restart resumes a run ({@code playbatch restart}). */
    @Override
    public boolean isRestartable() {
        return false;
    }

    @Override
    public JobParametersIncrementer getJobParametersIncrementer() {
        // Each start is a run of its own: nothing of the previous instance's parameters is carried over.
        return previous -> new JobParametersBuilder().addLong(PlaybookJobListener.RUN_ID, runIds.getAsLong())
                .toJobParameters();
    }

    @Override
    public JobParametersValidator getJobParametersValidator() {
        return parameters -> {
            if (parameters == null || parameters.getLong(PlaybookJobListener.RUN_ID) == null) {
                throw new InvalidJobParametersException("playbook job '" + getName() + "' was started without the "
                        + "job parameter '" + PlaybookJobListener.RUN_ID + "' (a fresh run id); start it with "
                        + "JobOperator.startNextInstance(job), which adds one");
            }
        };
    }

    @Override
    public void execute(JobExecution execution) throws JobInterruptedException {
        RunRequest request = RunRequest.fresh(graph, RunRequest.workload(graph, null)).withOrigin(ORIGIN);
        launcher.execute(request, execution);
    }
}
