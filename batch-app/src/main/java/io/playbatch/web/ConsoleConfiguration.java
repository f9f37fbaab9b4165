package io.playbatch.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires the console's POST guard in front of its pages (the REST API has its own filter). */
@Configuration
class ConsoleConfiguration implements WebMvcConfigurer {

    private final ConsoleToken token;

    ConsoleConfiguration(ConsoleToken token) {
        this.token = token;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ConsolePostGuard(token))
                .addPathPatterns("/executions/**", "/playbooks/**", "/schedules/**", "/sign-in", "/sign-out");
    }
}
