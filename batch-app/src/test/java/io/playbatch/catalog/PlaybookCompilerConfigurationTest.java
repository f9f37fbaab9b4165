package io.playbatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.yaml.YamlLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The operator's {@code playbatch.limits.yaml-*} reach the compiler; unset ones keep the defaults. */
class PlaybookCompilerConfigurationTest {

    private static PlaybookCompiler compilerWith(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return PlaybookCompilerConfiguration.compilerFor(environment);
    }

    @Test
    void yamlLimitsComeFromPlaybatchLimitsProperties() {
        PlaybookCompiler compiler = compilerWith(Map.of("playbatch.limits.yaml-bytes", "2KB",
                "playbatch.limits.yaml-depth", "12", "playbatch.limits.yaml-aliases", "3"));

        assertThat(compiler.options().yamlLimits()).isEqualTo(new YamlLimits(2048, 12, 3));
        assertThat(compiler.compile("big.yaml", "apiVersion: playbatch.io/v2\nx: \"" + "y".repeat(3000) + "\"\n")
                .diagnostics()).extracting(d -> d.code()).containsExactly("PB054");
    }

    @Test
    void unsetLimitsKeepTheirDefaults() {
        assertThat(compilerWith(Map.of()).options().yamlLimits()).isEqualTo(YamlLimits.defaults());
    }
}
