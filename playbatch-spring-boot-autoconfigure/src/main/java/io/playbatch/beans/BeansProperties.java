package io.playbatch.beans;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code playbatch.beans.*} (docs/beans.md): {@code allowed} names the beans of the application
 * that playbooks may call ({@code type: bean}, {@code {type: bean}} chunk parts); the components of
 * the {@code packages} are registered at start-up and may be called too. Nothing is callable unless
 * it is named here: a playbook must not reach every bean of the process.
 */
@ConfigurationProperties(BeansProperties.PREFIX)
public record BeansProperties(List<String> allowed, List<String> packages) {

    public static final String PREFIX = "playbatch.beans";

    public BeansProperties {
        allowed = allowed == null ? List.of() : allowed.stream().map(String::trim).filter(n -> !n.isEmpty()).toList();
        packages = packages == null ? List.of() : packages.stream().map(String::trim).filter(p -> !p.isEmpty())
                .toList();
    }
}
