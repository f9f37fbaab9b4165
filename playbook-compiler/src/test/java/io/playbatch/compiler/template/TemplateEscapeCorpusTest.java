package io.playbatch.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The template-escape corpus ({@code template-escapes.tsv}, shared with batch-app's run-time
 * corpus) placed in every templated field of a playbook: {@code validate} refuses each attempt with
 * its code, on the line of that field.
 */
class TemplateEscapeCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/template-escapes.tsv");

    /** Every templated field of a playbook; the benign value each holds when the attempt is elsewhere. */
    enum Field {
        ARGS("$workload.name"), WORKBOOK_ARGS("$workload.name"), HTTP_HEADERS("$workload.name"),
        SAVE_PATH("out/${workload.name}.jsonl"), LOOP_OVER("$workload.items"), CHUNK_FIELDS("$item.id"),
        MCP_ARGS("$workload.name"), MCP_SERVER_HEADERS("$workload.name"), OUTPUT("$steps.plain.data");

        final String benign;

        Field(String benign) {
            this.benign = benign;
        }
    }

    private static final String SKELETON = """
            apiVersion: playbatch.io/v2
            kind: Playbook
            metadata: { name: escape }
            workload: { name: ada, count: 3, items: [ 1, 2 ], code: "x" }
            workbook:
              - name: note
                type: log
                args: { message: "{WORKBOOK_ARGS}" }
            mcp:
              servers:
                crm: { url: "http://127.0.0.1:9/mcp", headers: { X-Trace: "{MCP_SERVER_HEADERS}" } }
              tools:
                lookup: { server: crm, tool: customers.get }
            workflow:
              - step: start
                next: [ plain ]
              - step: plain
                type: log
                args: { message: "{ARGS}" }
                next: [ fetch ]
              - step: fetch
                type: http
                args: { url: "http://127.0.0.1:9/x", headers: { X-Trace: "{HTTP_HEADERS}" } }
                save: { to: file, path: "{SAVE_PATH}", format: jsonl }
                next: [ each ]
              - step: each
                type: log
                loop: { over: "{LOOP_OVER}", as: entry }
                args: { message: "$entry" }
                next: [ noted ]
              - step: noted
                task: { workbook: note }
                next: [ copy ]
              - step: copy
                type: chunk
                args:
                  reader: { type: jsonl, path: in.jsonl }
                  processor: { type: map, fields: { label: "{CHUNK_FIELDS}" } }
                  writer: { type: jsonl, path: out.jsonl }
                next: [ customer ]
              - step: customer
                task: lookup
                args: { id: "{MCP_ARGS}" }
                next:
                  - when: "{WHEN}"
                    then: [ end ]
                  - else: [ end ]
              - step: end
            output: "{OUTPUT}"
            """;

    private static final String BENIGN_WHEN = "$workload.count > 1";

    private final PlaybookCompiler compiler = new PlaybookCompiler();

    record Attempt(String code, String template) {
    }

    static List<Attempt> corpus() throws IOException {
        return Files.readAllLines(CORPUS).stream().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("\t", 2)).map(parts -> new Attempt(parts[0], parts[1])).toList();
    }

    static Stream<Arguments> attemptsInEveryField() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (Attempt attempt : corpus()) {
            for (Field field : Field.values()) {
                all.add(Arguments.of(field, attempt));
            }
        }
        return all.stream();
    }

    private static String playbook(Field attacked, String template) {
        String text = SKELETON.replace("{WHEN}", BENIGN_WHEN);
        for (Field field : Field.values()) {
            text = text.replace("{" + field.name() + "}", field == attacked ? template : field.benign);
        }
        return text;
    }

    private static int lineOf(String text, String placeholder) {
        List<String> lines = Arrays.asList(text.split("\n"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(placeholder)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(placeholder);
    }

    @Test
    void theCorpusCoversEveryTechniqueWithAtLeastFortyAttempts() throws IOException {
        List<Attempt> corpus = corpus();
        String all = String.join("\n", corpus.stream().map(Attempt::template).toList());
        assertThat(corpus.size() * Field.values().length).isGreaterThanOrEqualTo(40);
        assertThat(all).contains("getClass()", ".class", "forName", "loadClass", "getClassLoader", "invoke(",
                "getDeclaredMethods", "#evaluate", "#include", "#parse", "#define", "#macro");
        assertThat(corpus).extracting(Attempt::code).contains("PB050", "PB051", "PB052");
    }

    @Test
    void theSkeletonWithBenignTemplatesValidates() {
        CompilationResult result = compiler.compile("escape.yaml", playbook(null, ""));

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.graph()).isPresent();
    }

    static Stream<Arguments> legitimateTemplatesInEveryField() {
        List<String> templates = List.of("$workload.items.size() items", "${workload.name.toUpperCase()}",
                "#foreach($i in $workload.items)$i#if($foreach.hasNext), #end#end",
                "#set($n = $workload.name.trim())#if($n.startsWith('a') && $n.length() > 1)$n.substring(1)#end",
                "$workload.runtime $workload.fields $workload.module $workload.get('class')",
                "#foreach($e in $workload.entrySet())$e.key=$e.value #end", "color #fff, issue #12, costs $ 5",
                "$workload.items[0] $workload.count.intValue() $workload.keySet().contains('name')");
        List<Arguments> all = new ArrayList<>();
        for (String template : templates) {
            for (Field field : Field.values()) {
                if (field != Field.LOOP_OVER) {
                    all.add(Arguments.of(field, template));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("legitimateTemplatesInEveryField")
    void legitimateTemplatesStillValidate(Field field, String template) {
        CompilationResult result = compiler.compile("ok.yaml", playbook(field, template));

        assertThat(result.diagnostics()).isEmpty();
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("attemptsInEveryField")
    void validateRefusesTheAttemptWithItsCodeOnItsLine(Field field, Attempt attempt) {
        String text = playbook(field, attempt.template());
        int line = lineOf(SKELETON, "{" + field.name() + "}");

        CompilationResult result = compiler.compile("escape.yaml", text);

        assertThat(result.graph()).isEmpty();
        assertThat(result.diagnostics()).as(result.diagnostics().toString())
                .anySatisfy(d -> {
                    assertThat(d.code()).isEqualTo(attempt.code());
                    assertThat(d.position().line()).isEqualTo(line);
                    assertThat(d.position().column()).isPositive();
                    assertThat(d.hint()).contains("docs/security.md");
                })
                .allSatisfy(d -> assertThat(d.position().line()).isEqualTo(line));
    }

    static Stream<Attempt> conditions() {
        return Stream.of(
                new Attempt("PB050", "$workload.getClass().forName('java.lang.Runtime').getRuntime().exec('touch MARKER')"),
                new Attempt("PB050", "$workload.name.class.forName('java.lang.System').getProperty('user.home') == 'x'"),
                new Attempt("PB050", "$workload.items.getClass().getClassLoader() != $null"),
                new Attempt("PB052", "(".repeat(400) + "$workload.count" + ")".repeat(400) + " > 1"));
    }

    @ParameterizedTest
    @MethodSource("conditions")
    void validateRefusesAnAttemptInAWhenCondition(Attempt attempt) {
        String text = playbook(null, "").replace(BENIGN_WHEN, attempt.template());

        CompilationResult result = compiler.compile("escape.yaml", text);

        assertThat(result.diagnostics()).extracting(Diagnostic::code).contains(attempt.code());
        assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.position().line())
                .isEqualTo(lineOf(SKELETON, "{WHEN}")));
    }
}
