package io.playbatch.beans;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.core.env.Environment;

/**
 * Registers the components ({@code @Component}, {@code @Configuration} and their beans) of the
 * packages named by {@code playbatch.beans.packages}, from the application's classpath, before any
 * bean is created, and records their names as {@link ScannedBeans}: naming a package is how an
 * operator lets playbooks call what it declares. Playbatch's own packages are refused, since
 * scanning them would make Playbatch's internals callable.
 */
public class BeanPackages implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    static final String PACKAGES = BeansProperties.PREFIX + ".packages";
    private static final String OWN_PACKAGE = "io.playbatch";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        List<String> packages = Binder.get(environment).bind(PACKAGES, Bindable.listOf(String.class))
                .orElse(List.of()).stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
        for (String name : packages) {
            if (name.equals(OWN_PACKAGE) || name.startsWith(OWN_PACKAGE + ".")) {
                throw new IllegalArgumentException(PACKAGES + " names " + name + ", a package of Playbatch itself:"
                        + " name the packages of your own beans (docs/beans.md)");
            }
        }
        Set<String> before = Set.of(registry.getBeanDefinitionNames());
        if (!packages.isEmpty()) {
            new ClassPathBeanDefinitionScanner(registry, true, environment).scan(packages.toArray(String[]::new));
        }
        Set<String> scanned = new HashSet<>(Set.of(registry.getBeanDefinitionNames()));
        scanned.removeAll(before);
        // Spring's own post-processors that a scan registers are not the operator's beans.
        scanned.removeIf(name -> name.startsWith("org.springframework."));
        registry.registerBeanDefinition("playbatchScannedBeans", BeanDefinitionBuilder
                .genericBeanDefinition(ScannedBeans.class, () -> new ScannedBeans(scanned)).getBeanDefinition());
    }
}
