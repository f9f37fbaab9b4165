package io.playbatch.compiler.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.convert.Translation.Translated;
import io.playbatch.compiler.convert.Translation.Untranslatable;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Jinja references, comparisons and filters into Velocity, and what is refused. */
class JinjaTranslatorTest {

    private final JinjaTranslator jinja = new JinjaTranslator();
    private final TemplateScope scope = new TemplateScope(Set.of("fetch", "decide"), Set.of("city"),
            Map.of("day", "{{ workload.day }}", "label", "plain text"));

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
            "{{ workload.x }}                         => $workload.x",
            "'  {{ workload.x }} '                    => $workload.x",
            "{{ fetch }}                              => $steps.fetch.data",
            "{{ fetch.body.items[0] }}                => $steps.fetch.data.body.items[0]",
            "{{ fetch.result.rows }}                  => $steps.fetch.data.rows",
            "{{ fetch.data['class'] }}                => $steps.fetch.data.get('class')",
            "{{ workload.cities | length }}           => $workload.cities.size()",
            "{{ city.name | upper }}                  => $city.name.toUpperCase()",
            "{{ execution_id }}                       => $execution.id",
            "{{ secret.api_token }}                   => $secrets.api_token",
            "{{ day }}                                => $workload.day",
            "{{ label }}                              => plain text",
            "day {{ day }} of {{ city.name }}         => day ${workload.day} of ${city.name}",
            "no template here                         => no template here",
            "echo $HOME                               => #[[echo $HOME]]#",
            "{{ workload.order | tojson }}            => $fn.json($workload.order)",
            "{\"order\": {{ workload.order | tojson }}} => {\"order\": ${fn.json($workload.order)}}",
            "{{ workload.zone | default('north') }}   => $fn.default($workload.zone, 'north')",
            "{{ workload.n | default(0) }}            => $fn.default($workload.n, 0)",
            "{{ workload.a | d(workload.b) }}         => $fn.default($workload.a, $workload.b)",
            "{{ now() }}                              => $fn.now()",
            "sent at {{ now() }}                      => sent at ${fn.now()}",
            "{{ env.API_URL }}/orders                 => ${vars.API_URL}/orders",
            "{{ env['HOME'] }}                        => $vars.HOME",
    })
    void valuesTranslate(String jinjaText, String velocity) {
        assertThat(jinja.value(jinjaText, scope)).isEqualTo(new Translated(velocity));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
            "{{ workload.state == 'ready' }}                       => $workload.state == 'ready'",
            "{{ decide.action == \"alert\" and workload.n > 3 }}   => $steps.decide.data.action == 'alert' && $workload.n > 3",
            "{{ not workload.ok or workload.n <= 0 }}              => !$workload.ok || $workload.n <= 0",
            "{{ not (workload.n > 1) }}                            => !($workload.n > 1)",
            "{{ workload.items | length > 0 }}                     => $workload.items.size() > 0",
            "{{ 'x' in workload.tags }}                            => $workload.tags.contains('x')",
            "{{ workload.a not in workload.tags }}                 => !$workload.tags.contains($workload.a)",
            "{{ workload.flag == True }}                           => $workload.flag == true",
            "workload.n + 1 > 2                                    => $workload.n + 1 > 2",
    })
    void conditionsTranslate(String jinjaText, String velocity) {
        assertThat(jinja.condition(jinjaText, scope)).isEqualTo(new Translated(velocity));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
            "{{ workload.items | tojson(2) }}     => JINJA_FILTER",
            "{{ workload.x | default(1, true) }}  => JINJA_FILTER",
            "{{ (workload.x + 1) | default(1) }}  => JINJA_FILTER",
            "{{ workload.x | int }}               => JINJA_FILTER",
            "{{ now().year }}                     => JINJA_EXPRESSION",
            "{{ env }}                            => UNKNOWN_NAME",
            "{{ env.HOME.x }}                     => UNKNOWN_NAME",
            "{{ result.data }}                    => UNKNOWN_NAME",
            "{{ nobody }}                         => UNKNOWN_NAME",
            "{% if workload.x %}a{% endif %}      => JINJA_EXPRESSION",
            "{{ workload.n > 1 }}                 => JINJA_EXPRESSION",
            "{{ workload.x is defined }}          => JINJA_EXPRESSION",
            "{{ workload.a ~ workload.b }}        => JINJA_EXPRESSION",
    })
    void whatHasNoMechanicalFormIsUntranslatable(String jinjaText, TodoKind kind) {
        assertThat(jinja.value(jinjaText, scope)).isInstanceOfSatisfying(Untranslatable.class,
                u -> assertThat(u.kind()).isEqualTo(kind));
    }

    @Test
    void aConditionReadingNoneIsUntranslatable() {
        assertThat(jinja.condition("{{ workload.x == None }}", scope)).isInstanceOf(Untranslatable.class);
    }
}
