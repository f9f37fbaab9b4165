package io.playbatch.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds the settings Playbatch needs of other libraries ({@value #RESOURCE}: Quartz's clustered JDBC store,
 * never started outside {@code playbatch serve}) as the application's last property source, so any value
 * the application sets wins, its default properties included (which is why this is an initializer: an
 * environment post-processor runs before Boot moves the default properties to the end). A library
 * {@code application.properties} would instead shadow the application's own file, or be shadowed by it
 * (docs/spring.md).
 */
public class PlaybatchDefaults implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String RESOURCE = "io/playbatch/autoconfigure/playbatch-defaults.properties";

    static final String SOURCE = "playbatchDefaults";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        if (sources.contains(SOURCE)) {
            return;
        }
        try {
            sources.addLast(new ResourcePropertySource(SOURCE, new ClassPathResource(RESOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Playbatch's defaults " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
