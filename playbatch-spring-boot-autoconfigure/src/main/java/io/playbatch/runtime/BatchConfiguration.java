package io.playbatch.runtime;

import io.micrometer.observation.ObservationRegistry;
import io.playbatch.database.OutageTolerantInvocations;
import org.springframework.batch.core.configuration.BatchConfigurationException;
import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.annotation.Isolation;

/**
 * Spring Batch on the JDBC job repository in Playbatch's PostgreSQL (Spring Batch 6 would default
 * to a resourceless one). Job creation runs at READ_COMMITTED: the default SERIALIZABLE makes
 * concurrent launches fail on PostgreSQL, while {@code JOB_INST_UN} still prevents duplicate
 * job instances. The job operator reports to the application's observation registry (Spring
 * Batch's default is a no-op one), so its launches reach {@code /actuator/prometheus}. Every call
 * on the job repository rides out a database outage ({@link #outageTolerant}).
 */
@Configuration(proxyBeanMethods = false)
public class BatchConfiguration extends JdbcDefaultBatchConfiguration {

    @Override
    protected Isolation getIsolationLevelForCreate() {
        return Isolation.READ_COMMITTED;
    }

    @Override
    protected ObservationRegistry getObservationRegistry() {
        return applicationContext.getBeanProvider(ObservationRegistry.class)
                .getIfAvailable(() -> ObservationRegistry.NOOP);
    }

    @Bean
    @Override
    public JobRepository jobRepository() throws BatchConfigurationException {
        return outageTolerant(super.jobRepository());
    }

    /**
     * Wraps the job repository so that each call is retried as a whole transaction while the
     * database is unreachable (docs/database.md#outages); kept apart from how the repository itself
     * is built.
     */
    private JobRepository outageTolerant(JobRepository repository) {
        return OutageTolerantInvocations.asIs(repository, JobRepository.class, getTransactionManager());
    }
}
