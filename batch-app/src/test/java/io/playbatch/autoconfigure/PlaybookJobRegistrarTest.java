package io.playbatch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.playbatch.compiler.PlaybookCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** What an application's start says about the playbooks under {@code playbatch.playbooks.locations}. */
class PlaybookJobRegistrarTest {

    @TempDir
    Path playbooks;

    @Test
    void aPlaybookWithErrorsStopsTheStartNamingItsFileTheDiagnosticAndTheProperty() throws IOException {
        Files.createDirectories(playbooks.resolve("orders"));
        Files.writeString(playbooks.resolve("orders/Bad-Name.yaml"), """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: Bad-Name
                workflow:
                  - step: start
                """);
        MapJobRegistry registry = new MapJobRegistry();
        PlaybookJobRegistrar registrar = new PlaybookJobRegistrar(
                new PlaybooksProperties(List.of(playbooks.toUri().toString())), new PathMatchingResourcePatternResolver(),
                new PlaybookCompiler(), null, registry);

        assertThatIllegalStateException().isThrownBy(registrar::afterSingletonsInstantiated)
                .withMessageContaining("playbatch.playbooks.locations")
                .withMessageContaining("orders/Bad-Name.yaml")
                .withMessageContaining("PB009")
                .withMessageContaining("docs/spring.md");
        assertThat(registry.getJobNames()).isEmpty();
    }

    @Test
    void aLocationWithoutPlaybooksRegistersNothing() {
        MapJobRegistry registry = new MapJobRegistry();
        new PlaybookJobRegistrar(new PlaybooksProperties(List.of("classpath:/no-such-playbooks/")),
                new PathMatchingResourcePatternResolver(), new PlaybookCompiler(), null, registry)
                .afterSingletonsInstantiated();

        assertThat(registry.getJobNames()).isEmpty();
    }
}
