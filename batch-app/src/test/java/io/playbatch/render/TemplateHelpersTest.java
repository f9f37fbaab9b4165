package io.playbatch.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.compiler.template.TemplateLimits;
import io.playbatch.secrets.SecretReferences;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The template helpers ({@code $fn}) and the operator's vars ({@code $vars}) through the real
 * sandboxed renderer: what each yields, and that {@code $fn} offers nothing but its helpers.
 */
class TemplateHelpersTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T00:10:00Z"), ZoneOffset.UTC);

    private final StepConfigRenderer renderer = new StepConfigRenderer(TemplateLimits.defaults(),
            new TemplateVariables(Map.of("region", "eu-west-1", "base_url", "http://api.local")), CLOCK);

    private static RenderContext context() {
        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("city", "Paris");
        workload.put("quote", "say \"hi\"");
        workload.put("nothing", null);
        workload.put("items", List.of(1, Map.of("a", true)));
        return new RenderContext("tests/helpers", "call", Map.of("workload", workload, "steps", Map.of(),
                "secrets", new SecretReferences()));
    }

    private Object render(String template) {
        return renderer.render(template, context(), "args.value");
    }

    @Test
    void jsonWritesTheJsonTextOfAnyValue() {
        assertThat(render("$fn.json($workload.items)")).isEqualTo("[1,{\"a\":true}]");
        assertThat(render("{\"q\": $fn.json($workload.quote)}")).isEqualTo("{\"q\": \"say \\\"hi\\\"\"}");
        assertThat(render("$fn.json($workload.nothing)")).isEqualTo("null");
        assertThat(render("$fn.json(3)")).isEqualTo("3");
    }

    @Test
    void jsonOfASecretWritesItsPlaceholderNeverAValue() {
        assertThat(render("$fn.json({\"token\": $secrets.api_token})"))
                .isEqualTo("{\"token\":\"${secret:api_token}\"}");
    }

    @Test
    void jsonIsBoundedByTheRenderedSizeLimit() {
        StepConfigRenderer small = new StepConfigRenderer(new TemplateLimits(50, 10, 100),
                new TemplateVariables(Map.of()), CLOCK);

        assertThatThrownBy(() -> small.render("$fn.json($workload.items)x", context(), "args.value"))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("would exceed 10 bytes");
    }

    @Test
    void defaultGivesTheFallbackForAMissingOrNullValueOnly() {
        assertThat(render("$fn.default($workload.missing, 'Lyon')")).isEqualTo("Lyon");
        assertThat(render("$fn.default($workload.nothing, 7)")).isEqualTo(7);
        assertThat(render("$fn.default($workload.city, 'Lyon')")).isEqualTo("Paris");
        assertThat(render("to ${fn.default($workload.missing, 'Lyon')}!")).isEqualTo("to Lyon!");
    }

    @Test
    void aQuietReferenceWritesNothingForAMissingValue() {
        assertThat(render("[$!workload.missing]")).isEqualTo("[]");
    }

    @Test
    void nowIsTheClocksTimeInIso8601Utc() {
        assertThat(render("$fn.now()")).isEqualTo("2026-12-06T00:10:00.000Z");
        assertThat(render("at $fn.now()")).isEqualTo("at 2026-12-06T00:10:00.000Z");
    }

    @Test
    void varsReadsTheConfiguredValues() {
        assertThat(render("$vars.region")).isEqualTo("eu-west-1");
        assertThat(render("${vars.base_url}/orders")).isEqualTo("http://api.local/orders");
    }

    @Test
    void aVarThatIsNotConfiguredFailsTheRenderNamingIt() {
        assertThatThrownBy(() -> render("$vars.zone"))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("playbook tests/helpers, step call, field args.value")
                .hasMessageContaining("vars.zone");
    }

    @Test
    void aVarNameATemplateCannotWriteIsRefusedWithTheProperty() {
        assertThatThrownBy(() -> new TemplateVariables(Map.of("base.url", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("playbatch.vars.base.url")
                .hasMessageContaining("letters, digits and _");
    }

    @Test
    void fnOffersNothingButItsHelpers() {
        for (String hostile : List.of("$fn.getClass()", "$fn.class", "$fn.getClass().forName('java.lang.Runtime')",
                "$fn.call('now', [])", "$fn.toString()", "#foreach($x in $fn)$x#end", "$fn.json()",
                "$fn.now(1)", "$fn.hashCode()", "#set($fn.x = 1)")) {
            assertThatThrownBy(() -> render(hostile)).as(hostile)
                    .isInstanceOf(RenderException.class)
                    .hasMessageContaining("refused")
                    .hasMessageNotContaining("Exception");
        }
    }

    @Test
    void aRefusedHelperCallNamesTheHelpers() {
        assertThatThrownBy(() -> render("$fn.tojson($workload.items)"))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("`$fn.tojson(...)` is not a template helper")
                .hasMessageContaining("$fn.json(value), $fn.default(value, fallback), $fn.now()");
    }
}
