package io.playbatch.beans;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans playbooks may call: {@link BeanPackages} registers the operator's packages, {@link PlaybookBeans} guards the lookups. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BeansProperties.class)
public class BeansConfiguration {

    /** Static: a registry post-processor runs before the configuration's own bean exists. */
    @Bean
    static BeanPackages playbatchBeanPackages() {
        return new BeanPackages();
    }

    @Bean
    PlaybookBeans playbookBeans(ListableBeanFactory factory, BeansProperties properties, ScannedBeans scanned) {
        return new PlaybookBeans(factory, properties, scanned);
    }
}
