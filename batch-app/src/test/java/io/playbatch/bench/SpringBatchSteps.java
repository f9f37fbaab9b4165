package io.playbatch.bench;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.support.JobOperatorFactoryBean;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.annotation.Isolation;

/**
 * The peer of Playbatch's step pair in {@code ops/bench-compare}: a hand-written Spring Batch job
 * of N tasklet steps that each return {@link RepeatStatus#FINISHED}, on a JDBC job repository in a
 * database of its own (Spring Batch's PostgreSQL schema), launched synchronously by a job operator,
 * run several times one after another. Job creation runs at READ_COMMITTED, as Playbatch's does.
 */
final class SpringBatchSteps {

    private final JobOperator operator;
    private final Job job;
    private final int steps;
    private long runs;

    private SpringBatchSteps(JobOperator operator, Job job, int steps) {
        this.operator = operator;
        this.job = job;
        this.steps = steps;
    }

    /** Creates Spring Batch's tables in the empty database {@code dataSource} and builds the job of N steps. */
    static SpringBatchSteps create(DataSource dataSource, int steps) throws Exception {
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"))
                .execute(dataSource);
        JdbcTransactionManager transactions = new JdbcTransactionManager(dataSource);
        JdbcJobRepositoryFactoryBean repositoryFactory = new JdbcJobRepositoryFactoryBean();
        repositoryFactory.setDataSource(dataSource);
        repositoryFactory.setTransactionManager(transactions);
        repositoryFactory.setIsolationLevelForCreateEnum(Isolation.READ_COMMITTED);
        repositoryFactory.afterPropertiesSet();
        JobRepository repository = repositoryFactory.getObject();
        JobOperatorFactoryBean operatorFactory = new JobOperatorFactoryBean();
        operatorFactory.setJobRepository(repository);
        operatorFactory.setTransactionManager(transactions);
        // The job is started as an object, never looked up by name: an empty registry, outside any application context.
        operatorFactory.setJobRegistry(new MapJobRegistry());
        operatorFactory.afterPropertiesSet();
        SimpleJobBuilder job = new JobBuilder("bench_steps", repository).start(step(1, repository, transactions));
        for (int i = 2; i <= steps; i++) {
            job = job.next(step(i, repository, transactions));
        }
        return new SpringBatchSteps(operatorFactory.getObject(), job.build(), steps);
    }

    /** Runs the job {@code count} times, each a new job instance; one series at a time. */
    StepFigures measure(int count) throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            JobExecution execution = operator.start(job, new JobParametersBuilder().addLong("run", ++runs)
                    .toJobParameters());
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalStateException("Spring Batch benchmark run ended " + execution.getStatus());
            }
        }
        return new StepFigures(List.of(), (System.nanoTime() - started) / 1e6 / count / steps);
    }

    private static Step step(int index, JobRepository repository,
            JdbcTransactionManager transactions) {
        return new StepBuilder("step_" + index, repository)
                .tasklet((contribution, context) -> RepeatStatus.FINISHED, transactions)
                .build();
    }
}
