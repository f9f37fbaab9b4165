package io.playbatch.admission;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code playbatch.admission.*} settings and the one {@link StartAdmission} of the process. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdmissionProperties.class)
public class AdmissionConfiguration {

    /** Hikari's default, for a data source of another kind. */
    private static final int DEFAULT_POOL_SIZE = 10;

    @Bean
    StartAdmission startAdmission(AdmissionProperties properties, DataSource dataSource, MeterRegistry meters) {
        int poolSize = dataSource instanceof HikariDataSource hikari ? hikari.getMaximumPoolSize() : DEFAULT_POOL_SIZE;
        return new StartAdmission(properties, poolSize, meters);
    }
}
