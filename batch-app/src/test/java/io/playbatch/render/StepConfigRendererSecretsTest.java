package io.playbatch.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.secrets.SecretReferences;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepConfigRendererSecretsTest {

    private final StepConfigRenderer renderer = new StepConfigRenderer();
    private final RenderContext context = new RenderContext("p", "call",
            Map.of("secrets", new SecretReferences(), "workload", Map.of("user", "ana")));

    @Test
    void aScalarThatIsExactlyASecretRendersAsTheReferenceObject() {
        assertThat(renderer.render("$secrets.api_token", context, "args.key")).isEqualTo(Map.of("$secret", "api_token"));
        assertThat(renderer.render("${secrets.api_token}", context, "args.key"))
                .isEqualTo(Map.of("$secret", "api_token"));
    }

    @Test
    void aSecretInsideAStringRendersAsThePlaceholder() {
        Object rendered = renderer.render(Map.of("headers", List.of("Bearer $secrets.api_token as ${workload.user}")),
                context, "args");

        assertThat(rendered).isEqualTo(Map.of("headers", List.of("Bearer ${secret:api_token} as ana")));
    }
}
