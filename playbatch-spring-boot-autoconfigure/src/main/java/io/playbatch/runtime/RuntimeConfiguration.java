package io.playbatch.runtime;

import io.playbatch.json.JsonCodec;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Shared values of the runtime, the {@code playbatch.loop.*} and {@code playbatch.manager.*} settings,
 * and the one scheduler of the process's periodic work (manager heartbeat, recovery passes, cluster
 * gauges).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LoopProperties.class, ManagerProperties.class})
public class RuntimeConfiguration {

    @Bean
    JsonCodec jsonCodec() {
        return new JsonCodec();
    }

    /**
     * One thread per periodic job, so a slow recovery pass never delays a heartbeat; daemon threads,
     * so a CLI command never waits for them to exit.
     */
    @Bean
    ThreadPoolTaskScheduler playbatchTaskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(3);
        scheduler.setThreadNamePrefix("playbatch-periodic-");
        scheduler.setDaemon(true);
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}
