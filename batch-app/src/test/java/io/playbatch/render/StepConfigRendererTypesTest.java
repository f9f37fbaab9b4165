package io.playbatch.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.secrets.SecretReferences;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What type a rendered string has (docs/dsl.md#templates): a scalar that is exactly one reference
 * yields the value with its type whatever its path (keys, indexes, allowed method calls), and a map
 * or list inside a longer string renders as JSON, never as Java's {@code toString}.
 */
class StepConfigRendererTypesTest {

    private final StepConfigRenderer renderer = new StepConfigRenderer();
    private final RenderContext context = new RenderContext("p", "call", variables());

    private static Map<String, Object> variables() {
        Map<String, Object> newYork = new LinkedHashMap<>();
        newYork.put("name", "New York");
        newYork.put("lat", 40.71);
        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("cities", List.of(newYork, Map.of("name", "Boston")));
        workload.put("count", 2);
        return Map.of("workload", workload, "secrets", new SecretReferences());
    }

    private Object render(String template) {
        return renderer.render(template, context, "args.city");
    }

    @Test
    void aSingleReferenceWithAnIndexOrAMethodCallKeepsItsType() {
        Map<String, Object> newYork = Map.of("name", "New York", "lat", 40.71);

        assertThat(render("$workload.cities[0]")).isEqualTo(newYork);
        assertThat(render("${workload.cities[0]}")).isEqualTo(newYork);
        assertThat(render("$workload.cities.get(0)")).isEqualTo(newYork);
        assertThat(render(" $workload.cities[0] ")).isEqualTo(newYork);
        assertThat(render("$workload.cities[0].lat")).isEqualTo(40.71);
        assertThat(render("$workload.cities.size()")).isEqualTo(2);
        assertThat(render("$workload.cities[1].name")).isEqualTo("Boston");
    }

    @Test
    void aMapOrListInsideALongerStringRendersAsJson() {
        assertThat(render("city: $workload.cities[0]")).isEqualTo("city: {\"name\":\"New York\",\"lat\":40.71}");
        assertThat(render("all: ${workload.cities}"))
                .isEqualTo("all: [{\"name\":\"New York\",\"lat\":40.71},{\"name\":\"Boston\"}]");
        assertThat(render("$workload.cities[1] and $workload.count")).isEqualTo("{\"name\":\"Boston\"} and 2");
        assertThat(render("#foreach($c in $workload.cities)$c.name;#end")).isEqualTo("New York;Boston;");
    }

    @Test
    void aSecretInsideAMapInsideAStringStaysAPlaceholder() {
        assertThat(render("#set($h = {'auth': $secrets.token})headers $h"))
                .isEqualTo("headers {\"auth\":\"${secret:token}\"}");
    }

    @Test
    void aSingleReferenceStillRendersInTheSandbox() {
        assertThatThrownBy(() -> render("$workload.cities[0].getClass()"))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("playbook p, step call, field args.city")
                .hasMessageContaining("getClass");
        assertThatThrownBy(() -> render("$workload.cities[5]")).isInstanceOf(RenderException.class)
                .hasMessageContaining("field args.city");
        assertThatThrownBy(() -> render("$workload.missing[0]")).isInstanceOf(RenderException.class)
                .hasMessageContaining("field args.city");
    }
}
