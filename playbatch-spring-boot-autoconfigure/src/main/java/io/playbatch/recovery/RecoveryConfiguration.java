package io.playbatch.recovery;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/** The {@code playbatch.recovery.*} settings, and the automatic recovery unless {@code enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecoveryProperties.class)
public class RecoveryConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "playbatch.recovery", name = "enabled", havingValue = "true", matchIfMissing = true)
    RecoverySchedule recoverySchedule(DeadExecutions deadExecutions, ExecutionResumer resumer,
            RecoveryProperties properties, TaskScheduler playbatchTaskScheduler) {
        return new RecoverySchedule(deadExecutions, resumer, properties, playbatchTaskScheduler);
    }
}
