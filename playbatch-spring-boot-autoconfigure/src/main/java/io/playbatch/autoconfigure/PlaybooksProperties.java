package io.playbatch.autoconfigure;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a host application's playbooks are ({@code playbatch.playbooks.locations}, docs/spring.md): Spring
 * resource locations of directories, each searched for {@code *.yaml} and {@code *.yml} files at any depth.
 *
 * @param locations directories such as {@code classpath:/playbooks/} (the default) or {@code file:/etc/jobs/}
 */
@ConfigurationProperties("playbatch.playbooks")
public record PlaybooksProperties(List<String> locations) {

    public static final String DEFAULT_LOCATION = "classpath:/playbooks/";

    public PlaybooksProperties {
        locations = locations == null ? List.of(DEFAULT_LOCATION) : List.copyOf(locations);
    }
}
