package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.ir.LoopSpec;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.RetrySpec;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.Graphs;
import io.playbatch.testsupport.DatabaseRunTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Template escapes in real runs: a graph built by hand (so {@code validate} never saw it) whose
 * template tries to run a command fails its step with {@code render_error} and creates nothing; a
 * workload that carries template text is only ever data; a method validate allows by name but the
 * value's kind does not allow fails at run time; the limits come from {@code playbatch.limits.*}. See TemplateSandboxRenderTest for the whole corpus.
 */
@SpringBootTest(properties = "playbatch.limits.foreach-iterations=5")
class TemplateSandboxRunTest extends DatabaseRunTest {

    @TempDir
    Path directory;

    private String escape(Path marker) {
        return "#set($s = 'a')$s.getClass().forName('java.lang.Runtime').getRuntime().exec('touch " + marker + "')";
    }

    @Test
    void anEscapeInAStepsArgsFailsTheStepWithRenderErrorAndRunsNothing() throws Exception {
        Path marker = directory.resolve("args-marker");
        PlaybookGraph graph = Graphs.line("escapes/args", Map.of(),
                Graphs.task("greet", "log", Map.of("message", escape(marker)), RetrySpec.none()));

        RunSummary run = operations.start(graph, Map.of());

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(renderError(run.executionId(), "greet")).contains("step greet").contains("args.message")
                .contains("getClass");
        assertThat(marker).doesNotExist();
    }

    @Test
    void anEscapeInALoopsOverFailsTheStepWithRenderError() throws Exception {
        Path marker = directory.resolve("over-marker");
        PlaybookGraph graph = Graphs.line("escapes/over", Map.of(), Graphs.loop("each",
                new LoopSpec(escape(marker), "n", LoopSpec.Mode.SEQUENTIAL, 1), "log", Map.of("message", "$n"),
                RetrySpec.none()));

        RunSummary run = operations.start(graph, Map.of());

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(renderError(run.executionId(), "each")).contains("loop.over").contains("refused");
        assertThat(marker).doesNotExist();
    }

    @Test
    void templateTextInTheWorkloadIsDataAndNeverRuns() throws Exception {
        Path marker = directory.resolve("data-marker");
        String code = escape(marker) + " #evaluate($workload.code)";

        RunSummary run = operations.start(Path.of("src/test/resources/playbooks/echo-workload-code.yaml"),
                Map.of("code", code));

        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.result()).isEqualTo(code);
        assertThat(marker).doesNotExist();
    }

    @Test
    void aMethodValidateAllowsByNameIsRefusedOnTheWrongKindOfValue() throws Exception {
        RunSummary run = operations.start(Path.of("src/test/resources/playbooks/method-on-wrong-kind.yaml"),
                Map.of("payload", "a string, not a map"));

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(renderError(run.executionId(), "keys")).contains("`keySet(...)` on a string");
    }

    @Test
    void theConfiguredForeachLimitFailsTheStepWithRenderError() throws Exception {
        PlaybookGraph graph = Graphs.line("escapes/foreach", Map.of("items", List.of(1, 2, 3, 4, 5, 6)),
                Graphs.task("count", "log", Map.of("message", "#foreach($i in $workload.items)$i#end"),
                        RetrySpec.none()));

        RunSummary run = operations.start(graph, Map.of());

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(renderError(run.executionId(), "count")).contains("more than 5 items")
                .contains("playbatch.limits.foreach-iterations");
    }

    /** The message of the step's failure, after checking its error type is render_error. */
    private String renderError(long executionId, String step) {
        List<StoredEvent> failed = ledger.events(executionId).stream()
                .filter(e -> e.type() == EventType.STEP_FAILED && step.equals(e.nodeName())).toList();
        assertThat(failed).isNotEmpty();
        Map<?, ?> error = (Map<?, ?>) failed.get(0).error();
        assertThat(error.get("type")).isEqualTo("render_error");
        return String.valueOf(error.get("message"));
    }
}
