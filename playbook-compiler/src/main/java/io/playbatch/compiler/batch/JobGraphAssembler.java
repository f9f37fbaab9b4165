package io.playbatch.compiler.batch;

import io.playbatch.compiler.ir.PlaybookGraph;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.core.task.TaskExecutor;

/**
 * Turns a {@link PlaybookGraph} into a restartable Spring Batch {@link Job} named after the
 * graph's catalog path: one step per node from the {@link StepFactory}, deciders for {@code when}
 * cases, splits for parallel branches, partitioned steps for loops.
 */
public final class JobGraphAssembler {

    private final JobRepository jobRepository;
    private final StepFactory stepFactory;
    private final TaskExecutor splitExecutor;

    public JobGraphAssembler(JobRepository jobRepository, StepFactory stepFactory, TaskExecutor splitExecutor) {
        this.jobRepository = jobRepository;
        this.stepFactory = stepFactory;
        this.splitExecutor = splitExecutor;
    }

    public Job assemble(PlaybookGraph graph) {
        throw new UnsupportedOperationException("assembly not implemented yet");
    }
}
