package io.playbatch.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.compiler.template.TemplateLimits;
import io.playbatch.secrets.SecretReferences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The template-escape corpus forced past {@code validate}: each attempt goes straight to the
 * renderer, as data supplied at run time would, in every templated field. Each fails with a
 * {@link RenderException} (a step's {@code render_error}) naming playbook, step and field, and the
 * marker file the attempt tries to create never exists.
 */
class TemplateSandboxRenderTest {

    private static final Path CORPUS = Path.of("../playbook-compiler/src/test/resources/template-escapes.tsv");
    private static final List<String> FIELDS = List.of("args.message", "workbook.note.args.message",
            "args.headers.X-Trace", "save.path", "loop.over", "args.processor.fields.label", "args.id",
            "mcp.servers.crm.headers.X-Trace", "output");

    @TempDir
    static Path directory;

    private final StepConfigRenderer renderer = new StepConfigRenderer();

    static Stream<Arguments> attempts() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String template = line.split("\t", 2)[1];
            for (String field : FIELDS) {
                all.add(Arguments.of(field, template));
            }
        }
        return all.stream();
    }

    private static Path marker() {
        return directory.resolve("marker");
    }

    private static RenderContext context(String code) {
        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("name", "ada");
        workload.put("count", 3);
        workload.put("items", new ArrayList<>(List.of(1, 2)));
        workload.put("code", code);
        return new RenderContext("tests/escape", "plain", Map.of("workload", workload, "steps", Map.of(),
                "secrets", new SecretReferences(), "execution", Map.of("id", 1)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("attempts")
    void theRendererRefusesTheAttemptAndNothingRuns(String field, String template) {
        String attempt = template.replace("MARKER", marker().toString());
        RenderContext context = context(attempt);

        assertThatThrownBy(() -> renderer.render(Map.of("value", attempt), context, field))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("playbook tests/escape, step plain, field " + field)
                .hasMessageContaining("refused")
                .hasMessageNotContaining("java.lang.String")
                .hasMessageNotContaining("Exception");
        assertThat(marker()).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("io.playbatch.render.TemplateSandboxRenderTest#conditions")
    void aWhenConditionIsRefusedToo(String condition) {
        String attempt = condition.replace("MARKER", marker().toString());

        assertThatThrownBy(() -> renderer.test(attempt, context("x"), "next[0].when"))
                .isInstanceOf(RenderException.class).hasMessageContaining("refused");
        assertThat(marker()).doesNotExist();
    }

    static Stream<String> conditions() {
        return Stream.of("$workload.getClass().forName('java.lang.Runtime').getRuntime().exec('touch MARKER')",
                "$workload.name.class.forName('java.lang.System').getProperty('user.home') == 'x'",
                "$workload.items.getClass().getClassLoader() != $null");
    }

    @Test
    void workloadDataIsNeverEvaluatedAsATemplate() {
        String code = "#set($s = 'a')$s.getClass().forName('java.lang.Runtime').getRuntime().exec('touch "
                + marker() + "')";

        Object rendered = renderer.render("$workload.code", context(code), "args.message");
        Object interpolated = renderer.render("code: $workload.code", context(code), "args.message");

        assertThat(rendered).isEqualTo(code);
        assertThat(interpolated).isEqualTo("code: " + code);
        assertThat(marker()).doesNotExist();
    }

    @Test
    void aMethodAllowedForOneKindIsRefusedOnAnotherAtRunTime() {
        // validate cannot know that `code` holds a string: only the renderer sees the kind.
        assertThatThrownBy(() -> renderer.render("$workload.code.keySet()", context("text"), "args.message"))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("templates may not call `keySet(...)` on a string")
                .hasMessageContaining("length()");
    }

    @Test
    void limitsAreRenderErrorsNotCrashes() {
        StepConfigRenderer small = new StepConfigRenderer(new TemplateLimits(50, 1000, 100));
        RenderContext context = new RenderContext("tests/limits", "big", Map.of("workload",
                Map.of("items", java.util.stream.IntStream.range(0, 200).boxed().toList(), "word", "ab")));

        assertThatThrownBy(() -> small.render("#foreach($i in $workload.items)$i#end", context, "args.message"))
                .isInstanceOf(RenderException.class).hasMessageContaining("more than 100 items")
                .hasMessageContaining("playbatch.limits.foreach-iterations");
        assertThatThrownBy(() -> small.render("#foreach($i in [1..90])xxxxxxxxxxxxxxx#end", context, "args.message"))
                .isInstanceOf(RenderException.class).hasMessageContaining("exceed 1000 bytes");
        assertThatThrownBy(() -> small.render("#set($s = $workload.word)#foreach($i in [1..40])#set($s = \"$s$s\")#end",
                context, "args.message"))
                .isInstanceOf(RenderException.class).hasMessageContaining("playbatch.limits.rendered-bytes");
        assertThatThrownBy(() -> small.render("#set($s = 'x')$s.replace('x', \"" + "y".repeat(600) + "\")"
                + ".replace('y', \"" + "z".repeat(600) + "\")", context, "args.message"))
                .isInstanceOf(RenderException.class).hasMessageContaining("exceed 1000 bytes");
        assertThatThrownBy(() -> small.render("#if(true)".repeat(3000) + "#end".repeat(3000), context, "args.message"))
                .isInstanceOf(RenderException.class).hasMessageContaining("more than 50 deep");
    }
}
