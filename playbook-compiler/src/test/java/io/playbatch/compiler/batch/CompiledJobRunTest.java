package io.playbatch.compiler.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Acceptance: a compiled example job runs under Spring Batch on a real JDBC job repository
 * (embedded PostgreSQL, or the server named by {@code PLAYBATCH_TEST_DB_URL}), follows the branch
 * its workload selects, and on restart re-runs only the loop partition that failed; a partition whose
 * end Spring Batch could not record (exit code UNKNOWN) fails the job.
 */
class CompiledJobRunTest {

    private static final String CONDITION = "$workload.cities.size() > 0";
    private static EmbeddedPostgres server;
    private static DataSource dataSource;

    private JobRepository repository;
    private RecordingStepFactory steps;
    private Job job;

    @BeforeAll
    static void startDatabase() throws Exception {
        String external = System.getenv("PLAYBATCH_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(external);
            pg.setUser(System.getenv("PLAYBATCH_TEST_DB_USER"));
            pg.setPassword(System.getenv("PLAYBATCH_TEST_DB_PASSWORD"));
            String schema = "pbc_" + ProcessHandle.current().pid();
            try (var connection = pg.getConnection(); var statement = connection.createStatement()) {
                statement.execute("create schema " + schema);
            }
            pg.setCurrentSchema(schema);
            dataSource = pg;
        } else {
            server = EmbeddedPostgres.start();
            dataSource = server.getPostgresDatabase();
        }
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"))
                .execute(dataSource);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void assembleTheLoopExample() throws Exception {
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(dataSource);
        factory.setTransactionManager(new DataSourceTransactionManager(dataSource));
        factory.afterPropertiesSet();
        repository = factory.getObject();
        SimpleAsyncTaskExecutor partitions = new SimpleAsyncTaskExecutor("partition-");
        partitions.setConcurrencyLimit(4);
        // The stub reads the workload's city count from a job parameter, as the app reads the workload.
        steps = new RecordingStepFactory(repository, partitions).evaluator((from, edge, execution) -> {
            assertThat(edge.condition()).isEqualTo(CONDITION);
            return execution.getJobParameters().getLong("cities") > 0;
        });
        PlaybookGraph graph = new PlaybookCompiler().compile(Path.of("../job-configs/examples/loop_parallel.yaml"))
                .graph().orElseThrow();
        job = new JobGraphAssembler(repository, steps, new SimpleAsyncTaskExecutor("split-")).assemble(graph);
    }

    private JobExecution launch(long runId, long cities) throws Exception {
        TaskExecutorJobLauncher launcher = new TaskExecutorJobLauncher();
        launcher.setJobRepository(repository);
        launcher.afterPropertiesSet();
        JobParameters parameters = new JobParametersBuilder().addLong("run_id", runId)
                .addLong("cities", cities, false).toJobParameters();
        return launcher.run(job, parameters);
    }

    private static long uniqueRunId() {
        return System.nanoTime();
    }

    @Test
    void workloadWithCitiesTakesTheLoopBranch() throws Exception {
        JobExecution execution = launch(uniqueRunId(), 3);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(steps.ran).containsExactlyInAnyOrder("start", "city_loop[0]", "city_loop[1]", "city_loop[2]",
                "city_loop[3]", "summarize", "end");
        assertThat(steps.ran.get(steps.ran.size() - 1)).isEqualTo("end");
    }

    @Test
    void workloadWithoutCitiesTakesTheElseBranch() throws Exception {
        JobExecution execution = launch(uniqueRunId(), 0);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(steps.ran).containsExactly("start", "end");
    }

    @Test
    void restartReRunsOnlyTheFailedPartition() throws Exception {
        long runId = uniqueRunId();
        steps.failOnce("city_loop[2]");

        JobExecution first = launch(runId, 3);

        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(steps.ran).containsExactlyInAnyOrder("start", "city_loop[0]", "city_loop[1]", "city_loop[2]",
                "city_loop[3]");
        steps.ran.clear();

        JobExecution restart = launch(runId, 3);

        assertThat(restart.getJobInstance().getInstanceId()).isEqualTo(first.getJobInstance().getInstanceId());
        assertThat(restart.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(steps.ran).containsExactly("city_loop[2]", "summarize", "end");
        List<String> rerunPartitions = restart.getStepExecutions().stream().map(StepExecution::getStepName)
                .filter(name -> name.startsWith("city_loop:partition")).toList();
        assertThat(rerunPartitions).containsExactly("city_loop:partition:partition2");
    }

    @Test
    void aLoopPartitionWhoseEndIsUnknownFailsTheJobInsteadOfRunningOn() throws Exception {
        steps.unknownOnce("city_loop[2]");

        JobExecution execution = launch(uniqueRunId(), 3);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(steps.ran).as("nothing after the loop ran").doesNotContain("summarize", "end")
                .contains("city_loop[2]");
    }
}
