package io.playbatch.operate;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code playbatch.recovery.*} settings, and the automatic recovery unless {@code enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecoveryProperties.class)
public class RecoveryConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "playbatch.recovery", name = "enabled", havingValue = "true", matchIfMissing = true)
    RecoverySchedule recoverySchedule(DeadExecutions deadExecutions, ExecutionResumer resumer,
            RecoveryProperties properties) {
        return new RecoverySchedule(deadExecutions, resumer, properties);
    }
}
