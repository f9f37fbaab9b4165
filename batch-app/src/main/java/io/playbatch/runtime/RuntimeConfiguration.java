package io.playbatch.runtime;

import io.playbatch.json.JsonCodec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared values of the runtime. */
@Configuration(proxyBeanMethods = false)
public class RuntimeConfiguration {

    @Bean
    JsonCodec jsonCodec() {
        return new JsonCodec();
    }
}
