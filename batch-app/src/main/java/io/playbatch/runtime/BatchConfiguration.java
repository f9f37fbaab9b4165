package io.playbatch.runtime;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.annotation.Isolation;

/**
 * Spring Batch on the JDBC job repository in Playbatch's PostgreSQL (Spring Batch 6 would default
 * to a resourceless one). Job creation runs at READ_COMMITTED: the default SERIALIZABLE makes
 * concurrent launches fail on PostgreSQL, while {@code JOB_INST_UN} still prevents duplicate
 * job instances. The job operator reports to the application's observation registry (Spring
 * Batch's default is a no-op one), so its launches reach {@code /actuator/prometheus}.
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
}
