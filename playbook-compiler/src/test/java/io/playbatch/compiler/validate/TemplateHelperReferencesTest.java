package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.CompilerOptions;
import io.playbatch.compiler.PlaybookCompiler;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code validate} on {@code $fn} and {@code $vars}: helper names and argument counts, configured var names. */
class TemplateHelperReferencesTest {

    private static final PlaybookCompiler UNKNOWN_VARS = new PlaybookCompiler();
    private static final PlaybookCompiler KNOWN_VARS = new PlaybookCompiler(
            CompilerOptions.defaults().withTemplateVars(Set.of("region", "base_url")));

    private static CompilationResult compile(PlaybookCompiler compiler, String message) {
        return compileStep(compiler, """
                    args:
                      message: "%s"
                """.formatted(message));
    }

    /** A playbook whose one step `a` is a log task with {@code rest} (indented as its keys). */
    private static CompilationResult compileStep(PlaybookCompiler compiler, String rest) {
        return compiler.compile("t.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: t }
                workflow:
                  - step: start
                    next: [ a ]
                  - step: a
                    type: log
                """ + rest);
    }

    @Test
    void everyHelperAndAQuietReferenceValidate() {
        CompilationResult result = compile(UNKNOWN_VARS, "$fn.json($workload.items) $fn.default($workload.city, 'Lyon')"
                + " $fn.now() $execution.runStartedAt $!workload.maybe ${fn.json($vars.anything)}");

        assertThat(result.diagnostics()).isEmpty();
    }

    @Test
    void anUnknownHelperNamesTheHelpersWithItsPosition() {
        CompilationResult result = compile(UNKNOWN_VARS, "size $fn.size()");

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB050");
            assertThat(d.message()).contains("`$fn.size(...)` is not a template helper");
            assertThat(d.hint()).contains("$fn.json(value), $fn.default(value, fallback), $fn.now()")
                    .contains("docs/dsl.md#template-helpers");
            assertThat(d.position().line()).isEqualTo(10);
            assertThat(d.position().column()).isEqualTo(26);
        });
    }

    @Test
    void aHelperCalledWithTheWrongNumberOfArgumentsSaysHowToCallIt() {
        CompilationResult result = compile(UNKNOWN_VARS, "$fn.default($workload.city)");

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB050");
            assertThat(d.message()).contains("`$fn.default` takes 2 arguments ($fn.default(value, fallback)), not 1");
        });
    }

    @Test
    void aHelperReadAsAPropertyOrItsTypeIsRefused() {
        assertThat(compile(UNKNOWN_VARS, "$fn.now").diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("`$fn.now` is not a helper call"));
        assertThat(compile(UNKNOWN_VARS, "$fn.getClass()").diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("`$fn.getClass(...)` is not a template helper"));
    }

    @Test
    void aVarTheServerDoesNotConfigureIsReportedWhenTheCompilerKnowsTheVars() {
        CompilationResult result = compile(KNOWN_VARS, "${vars.regoin}");

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB028");
            assertThat(d.message()).contains("`$vars.regoin` in step `a` names no configured var");
            assertThat(d.hint()).contains("did you mean `$vars.region`?")
                    .contains("playbatch.vars.regoin").contains("`base_url`, `region`");
        });
        assertThat(compile(KNOWN_VARS, "$vars.region").diagnostics()).isEmpty();
        assertThat(compile(UNKNOWN_VARS, "$vars.regoin").diagnostics()).isEmpty();
    }

    @Test
    void aLoopVariableMayNotHideTheHelpers() {
        CompilationResult result = compileStep(UNKNOWN_VARS, """
                    loop: { over: "$workload.items", as: fn }
                    args: { message: "$fn.now()" }
                """);

        assertThat(result.diagnostics()).extracting(d -> d.code()).contains("PB046");
    }
}
