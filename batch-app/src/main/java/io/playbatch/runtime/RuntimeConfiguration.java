package io.playbatch.runtime;

import io.playbatch.json.JsonCodec;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared values of the runtime, and the {@code playbatch.loop.*} and {@code playbatch.manager.*} settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LoopProperties.class, ManagerProperties.class})
public class RuntimeConfiguration {

    @Bean
    JsonCodec jsonCodec() {
        return new JsonCodec();
    }
}
