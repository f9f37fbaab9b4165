package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.CompilerOptions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.batch.JobGraphExplainer;
import io.playbatch.compiler.ir.NodeKind;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code type: bean} steps and {@code {type: bean}} chunk parts: PB090-PB092 and the node they become. */
class BeanRulesTest {

    private static final String CHUNK = """
              - step: copy
                type: chunk
                args:
                  reader: { type: bean, bean: customerReader }
                  processor: { type: bean, bean: %s }
                  writer: { type: sql, table: dst, key: id }
            """;

    private static CompilationResult compile(PlaybookCompiler compiler, String steps) {
        return compiler.compile("beans.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: beans }
                workflow:
                  - step: start
                    next: [ %s ]
                %s""".formatted(steps.contains("step: copy") ? "copy" : "enrich", steps));
    }

    @Test
    void aBeanStepIsABeanNodeAndExplainedAsSuch() {
        CompilationResult result = compile(new PlaybookCompiler(), """
                  - step: enrich
                    type: bean
                    args: { bean: enrichCustomers, region: "$workload.region" }
                """);

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.graph().orElseThrow().node("enrich").orElseThrow().kind()).isEqualTo(NodeKind.BEAN);
        assertThat(new JobGraphExplainer().text(result.graph().orElseThrow()))
                .contains("bean step enrich (bean enrichCustomers");
    }

    @Test
    void aBeanStepWithoutItsBeanIsPb090AtItsArgs() {
        CompilationResult result = compile(new PlaybookCompiler(), """
                  - step: enrich
                    type: bean
                    args: { region: eu }
                """);

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB090");
            assertThat(d.message()).isEqualTo("`bean` is missing");
            assertThat(d.hint()).contains("`args: { bean: enrichCustomers }`");
            assertThat(d.position().line()).isEqualTo(9);
        });
    }

    @Test
    void outsideTheApplicationAnyNameCompilesInsideItAnUnknownOneIsPb091WithDidYouMean() {
        PlaybookCompiler inside = new PlaybookCompiler(CompilerOptions.defaults()
                .withBeans(Set.of("customerReader", "scoreCustomer")));

        assertThat(compile(new PlaybookCompiler(), CHUNK.formatted("scoreCustomr")).diagnostics()).isEmpty();
        assertThat(compile(inside, CHUNK.formatted("scoreCustomer")).diagnostics()).isEmpty();
        assertThat(compile(inside, CHUNK.formatted("scoreCustomr")).diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB091");
            assertThat(d.message()).isEqualTo("`scoreCustomr` is not a bean playbooks may call");
            assertThat(d.hint()).isEqualTo("did you mean `scoreCustomer`?");
            assertThat(d.position().line()).isEqualTo(11);
            assertThat(d.position().column()).isEqualTo(38);
        });
    }

    @Test
    void withNoBeanAllowedTheHintSaysHowToAllowOne() {
        PlaybookCompiler inside = new PlaybookCompiler(CompilerOptions.defaults().withBeans(Set.of()));

        assertThat(compile(inside, CHUNK.formatted("scoreCustomer")).diagnostics())
                .extracting(d -> d.code() + " " + d.hint())
                .containsOnly("PB091 no bean is allowed: list it in `playbatch.beans.allowed` or declare it in a"
                        + " package of `playbatch.beans.packages` (docs/beans.md)");
    }

    @Test
    void aBeanInALoopIsPb092NamingTheChunkForm() {
        CompilationResult result = compile(new PlaybookCompiler(), """
                  - step: enrich
                    type: bean
                    loop: { over: "$workload.items", as: item }
                    args: { bean: enrichCustomers }
                """);

        assertThat(result.diagnostics()).extracting(d -> d.code()).contains("PB092");
        assertThat(result.diagnostics()).filteredOn(d -> d.code().equals("PB092")).singleElement()
                .satisfies(d -> assertThat(d.hint()).contains("processor: { type: bean, bean: enrichCustomers }"));
    }
}
