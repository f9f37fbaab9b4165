package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PB025 gives the Velocity of the Jinja it found; what has no rule is left for a human, by name. */
class JinjaTranslationTest {

    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();
    private final JinjaTranslation jinja = new JinjaTranslation(Set.of("fetch", "store"));

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', textBlock = """
            {{ workload.city }} => $workload.city
            at {{ workload.city }} now => at ${workload.city} now
            {{ fetch.temp }} => $steps.fetch.data.temp
            {{ fetch.result.items }} => $steps.fetch.data.items
            {{ fetch.data.items[0] }} => $steps.fetch.data.items[0]
            {{ fetch }} => $steps.fetch.data
            {{ fetch.result.items | length }} => $steps.fetch.data.items.size()
            {{ workload.name | upper }} => $workload.name.toUpperCase()
            {{ execution_id }} => $execution.id
            {{ town }} => $town
            rows: {{ workload.rows | tojson }} => rows: ${fn.json($workload.rows)}
            {{ workload.rows | tojson }} => $fn.json($workload.rows)
            {{ workload.n | default(0) }} => $fn.default($workload.n, 0)
            zone {{ workload.zone | default('north') }} => zone ${fn.default($workload.zone, 'north')}
            {{ now() }} => $fn.now()
            home {{ env.HOME }} => home ${vars.HOME}
            """)
    void templatesTranslate(String jinjaText, String velocity) {
        JinjaTranslation.Result result = jinja.template(jinjaText);

        assertThat(result.velocity()).isEqualTo(velocity);
        assertThat(result.complete()).isTrue();
    }

    @Test
    void conditionsLoseTheirBracesAndUseVelocityOperators() {
        JinjaTranslation.Result result = jinja.condition("{{ fetch.status == 'ok' and not workload.dry_run }}");

        assertThat(result.velocity()).isEqualTo("$steps.fetch.data.status == 'ok' && !$workload.dry_run");
        assertThat(result.complete()).isTrue();
    }

    @Test
    void whatHasNoRuleIsNamedNotGuessed() {
        assertThat(jinja.template("{{ workload.x | slugify }}").untranslated())
                .containsExactly("the filter `| slugify`: no Velocity rule, rewrite it by hand");
        assertThat(jinja.template("{{ env }}").untranslated()).singleElement().asString()
                .startsWith("`env`: templates do not read the environment");
        assertThat(jinja.template("{{ workload.a + 1 }}").untranslated()).singleElement().asString()
                .contains("compute it in the task");
    }

    private static CompilationResult compileWorkflow(String steps) {
        return COMPILER.compile("v1.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: v1 }
                workflow:
                """ + steps);
    }

    @Test
    void pb025ShowsTheTranslationOfTheStringItFound() {
        CompilationResult result = compileWorkflow("""
                  - step: start
                    next: [ fetch ]
                  - step: fetch
                    type: http
                    args: { url: "http://127.0.0.1/towns" }
                    next: [ report ]
                  - step: report
                    type: log
                    args: { message: "{{ fetch.body.towns | length }} towns: {{ fetch.body.towns | tojson }}" }
                """);

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB025");
            assertThat(d.message()).isEqualTo("`{{ fetch.body.towns | length }}` is a Jinja expression; templates are"
                    + " Velocity");
            assertThat(d.hint()).isEqualTo("write Velocity: `${steps.fetch.data.body.towns.size()} towns:"
                    + " ${fn.json($steps.fetch.data.body.towns)}`");
            assertThat(d.doc()).isEqualTo("docs/migration.md#v1-jinja-templates");
        });
    }

    @Test
    void pb025InAV2ConditionTranslatesTheCondition() {
        CompilationResult result = compileWorkflow("""
                  - step: start
                    next:
                      - when: "{{ workload.go or workload.force }}"
                        then: [ a ]
                      - else: [ b ]
                  - step: a
                  - step: b
                """);

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB025");
            assertThat(d.hint()).isEqualTo("write Velocity: `$workload.go || $workload.force`");
        });
    }
}
