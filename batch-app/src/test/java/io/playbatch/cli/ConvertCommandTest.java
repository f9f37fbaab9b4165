package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.json.JsonCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code playbatch convert} in process: files written with --out, the report as text and as JSON. */
class ConvertCommandTest {

    private static final String CLEAN = """
            apiVersion: noetl.io/v1
            kind: Playbook
            name: clean
            workload: { greeting: hello }
            workflow:
              - step: start
                next:
                  - step: greet
              - step: greet
                type: python
                code: |
                  def main(text):
                      return {"said": text}
                data:
                  text: "{{ workload.greeting }}"
                next:
                  - step: end
              - step: end
            """;
    private static final String WITH_TODO = """
            apiVersion: noetl.io/v1
            kind: Playbook
            name: with_todo
            workflow:
              - step: start
                next:
                  - step: report
              - step: report
                type: python
                code: "def main(items): return items"
                data:
                  items: "{{ workload.items | int }}"
                next:
                  - step: end
              - step: end
            """;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void outWritesEachConvertedFileAndReportsItsTodos(@TempDir Path dir) throws IOException {
        Path clean = Files.writeString(dir.resolve("clean.yaml"), CLEAN);
        Path todo = Files.writeString(dir.resolve("with_todo.yaml"), WITH_TODO);
        Path converted = dir.resolve("v2");

        int exit = run("convert", "--out", converted.toString(), clean.toString(), todo.toString());

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(new PlaybookCompiler().compile(converted.resolve("clean.yaml")).diagnostics()).isEmpty();
        assertThat(Files.readString(converted.resolve("with_todo.yaml"))).contains("# TODO(convert): `| int`");
        assertThat(out.toString())
                .contains(converted.resolve("with_todo.yaml") + ":13: TODO todo-jinja-filter: `| int`")
                .contains("see docs/migration.md#todo-jinja-filter; from " + todo + ":12)")
                .contains(clean + " -> " + converted.resolve("clean.yaml") + ": converted, 0 TODOs, valid")
                .contains("2 files: 1 valid, 1 with problems left, 0 not converted; 1 TODO");
    }

    @Test
    void filesConvertedTogetherCarryAParentsReturnStepIntoTheChildsOutput(@TempDir Path dir) throws IOException {
        Path parent = Files.writeString(dir.resolve("parent.yaml"), """
                workflow:
                  - step: start
                    next:
                      - step: child
                  - step: child
                    type: playbooks
                    path: reports/child
                    return_step: greet
                    next:
                      - step: end
                  - step: end
                """);
        Path child = Files.writeString(dir.resolve("child.yaml"), CLEAN.replace("name: clean", "path: reports/child"));

        int exit = run("convert", "--out", dir.resolve("v2").toString(), parent.toString(), child.toString());

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(dir.resolve("v2/child.yaml"))).endsWith("output: \"$steps.greet.data\"\n");
        assertThat(Files.readString(dir.resolve("v2/parent.yaml"))).doesNotContain("return_step");
    }

    @Test
    void jsonGivesTheReportAsData(@TempDir Path dir) throws IOException {
        Path todo = Files.writeString(dir.resolve("with_todo.yaml"), WITH_TODO);

        int exit = run("convert", "--json", "--out", dir.resolve("v2").toString(), todo.toString());

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        Map<String, Object> report = new JsonCodec().readMap(out.toString());
        assertThat(report).containsEntry("todos", 1).containsEntry("valid", 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> file = ((List<Map<String, Object>>) report.get("files")).get(0);
        assertThat(file).containsEntry("file", todo.toString()).containsEntry("changed", true)
                .containsEntry("valid", false).doesNotContainKey("text");
        assertThat(file.get("todos")).asList().singleElement().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("kind", "todo-jinja-filter").containsEntry("line", 13).containsEntry("source_line", 12)
                .containsEntry("doc", "docs/migration.md#todo-jinja-filter");
    }

    @Test
    void oneFileWithoutOutIsPrintedAndTheReportGoesToStandardError(@TempDir Path dir) throws IOException {
        Path clean = Files.writeString(dir.resolve("clean.yaml"), CLEAN);

        assertThat(run("convert", clean.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("apiVersion: playbatch.io/v2\n").contains("text: \"$workload.greeting\"");
        assertThat(err.toString()).contains("converted, 0 TODOs, valid");
    }

    @Test
    void severalFilesNeedOutAndANonPlaybookIsReported(@TempDir Path dir) throws IOException {
        Path clean = Files.writeString(dir.resolve("clean.yaml"), CLEAN);
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "workflow: [a\n");

        assertThat(run("convert", clean.toString(), broken.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("several files need --out DIR");
        assertThat(run("convert", "--out", dir.resolve("v2").toString(), broken.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(out.toString()).contains(broken + ":2:").contains("not readable as YAML");
    }
}
