package io.playbatch.beans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

/** {@code playbatch.beans.packages}: what a scan registers and records, and the refusal of Playbatch's own packages. */
class BeanPackagesTest {

    private static GenericApplicationContext scanned(String packages) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(new MockEnvironment().withProperty("playbatch.beans.packages", packages));
        BeanPackages registrar = new BeanPackages();
        registrar.setEnvironment(context.getEnvironment());
        context.registerBean("before", String.class, () -> "not scanned");
        registrar.postProcessBeanDefinitionRegistry(context);
        return context;
    }

    @Test
    void theComponentsOfTheNamedPackagesAreRegisteredAndRecordedAsScanned() {
        try (GenericApplicationContext context = scanned("com.example.hostbeans")) {
            context.refresh();

            assertThat(context.getBean(ScannedBeans.class).names()).containsExactly("shout");
            assertThat(context.containsBean("shout")).isTrue();
        }
    }

    @Test
    void aPackageOfPlaybatchItselfIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> scanned("com.example.hostbeans, io.playbatch.runtime"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("playbatch.beans.packages names io.playbatch.runtime, a package of Playbatch itself:"
                        + " name the packages of your own beans (docs/beans.md)");
    }
}
