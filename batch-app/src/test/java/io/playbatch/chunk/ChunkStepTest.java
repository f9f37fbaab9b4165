package io.playbatch.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.runtime.PlaybookLauncher;
import io.playbatch.testsupport.DatabaseRunTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Chunk steps end to end: readers, processors and writers built from args, counts in both stores. */
@SpringBootTest
class ChunkStepTest extends DatabaseRunTest {

    @Autowired
    PlaybookLauncher launcher;

    @TempDir
    Path dir;

    private RunSummary run(String name, String workflow) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: %s
                workload:
                  dir: "%s"
                workflow:
                  - step: start
                    next: [ copy ]
                %s
                """.formatted(name, dir.toString().replace("\\", "/"), workflow.stripIndent().indent(2)));
        return operations.start(file, Map.of());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> completedData(RunSummary run, String step) {
        StoredEvent completed = ledger.events(run.executionId()).stream()
                .filter(e -> e.type() == EventType.STEP_COMPLETED && step.equals(e.nodeName())).findFirst()
                .orElseThrow(() -> new AssertionError("no step_completed for " + step + ": " + run.steps()));
        return (Map<String, Object>) ((Map<?, ?>) completed.result()).get("data");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> failedError(RunSummary run, String step) {
        StoredEvent failed = ledger.events(run.executionId()).stream()
                .filter(e -> e.type() == EventType.STEP_FAILED && step.equals(e.nodeName())).findFirst()
                .orElseThrow(() -> new AssertionError("no step_failed for " + step + ": " + run.steps()));
        return (Map<String, Object>) failed.error();
    }

    @Test
    void sqlChunkCopiesRowsThroughTheMapProcessorWithCountsInBatchStepExecutionAndTheLedger() throws Exception {
        jdbc.execute("CREATE TABLE src_a (id bigint PRIMARY KEY, name text)");
        jdbc.execute("CREATE TABLE dst_a (id bigint PRIMARY KEY, label text)");
        jdbc.execute("INSERT INTO src_a SELECT g, 'n' || g FROM generate_series(1, 2500) g");

        RunSummary run = run("copy_a", """
                - step: copy
                  type: chunk
                  args:
                    reader: { type: sql, query: "select id, name from src_a where id > :min", params: { min: 0 }, key: id }
                    processor: { type: map, fields: { id: "$item.id", label: "${item.name}-copied" } }
                    writer: { type: sql, table: dst_a, mode: upsert, key: id }
                    chunk_size: 1000
                """);

        assertThat(run.status()).as(run.steps().toString()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dst_a", Long.class)).isEqualTo(2500);
        assertThat(jdbc.queryForObject("SELECT label FROM dst_a WHERE id = 42", String.class)).isEqualTo("n42-copied");
        Map<String, Object> counts = jdbc.queryForMap("SELECT read_count, write_count, commit_count FROM"
                + " batch_step_execution WHERE job_execution_id = ? AND step_name = 'copy'", run.executionId());
        assertThat(counts).containsEntry("read_count", 2500L).containsEntry("write_count", 2500L);
        assertThat(completedData(run, "copy")).containsEntry("read", 2500).containsEntry("written", 2500)
                .containsEntry("skipped", 0);
        PlaybookGraph same = new PlaybookCompiler().compile(dir.resolve("copy_a.yaml")).graph().orElseThrow();
        assertThat(catchThrowable(() -> launcher.restart(same, run.executionId())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is COMPLETED; only a FAILED or STOPPED execution can be restarted");
        assertThat(verifier.verify(run.executionId())).isEmpty();
    }

    @Test
    void filterProcessorDropsItemsAndFileReadersAndWritersRoundTrip() throws Exception {
        Files.writeString(dir.resolve("in.csv"), "id,amount\n1,5\n2,-3\n3,7\n");

        RunSummary run = run("files_b", """
                - step: copy
                  type: chunk
                  args:
                    reader: { type: csv, path: "${workload.dir}/in.csv" }
                    processor: { type: filter, when: "$item.amount.startsWith('-') == false" }
                    writer: { type: jsonl, path: "${workload.dir}/out.jsonl" }
                    chunk_size: 2
                  next: [ back ]
                - step: back
                  type: chunk
                  args:
                    reader: { type: jsonl, path: "${workload.dir}/out.jsonl" }
                    writer: { type: csv, path: "${workload.dir}/back.csv", columns: [ amount, id ] }
                """);

        assertThat(run.status()).as(run.steps().toString()).isEqualTo("COMPLETED");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl")))
                .containsExactly("{\"id\":\"1\",\"amount\":\"5\"}", "{\"id\":\"3\",\"amount\":\"7\"}");
        assertThat(Files.readAllLines(dir.resolve("back.csv"))).containsExactly("amount,id", "5,1", "7,3");
        assertThat(completedData(run, "copy")).containsEntry("read", 3).containsEntry("written", 2)
                .containsEntry("filtered", 1);
    }

    @Test
    void sqlReaderWithoutKeyFailsTheStepSayingWhyAKeyIsNeeded() throws Exception {
        RunSummary run = run("nokey_c", """
                - step: copy
                  type: chunk
                  args:
                    reader: { type: sql, query: "select 1 as id" }
                    writer: { type: jsonl, path: "${workload.dir}/x.jsonl" }
                """);

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(failedError(run, "copy")).containsEntry("type", "bad_args");
        PlaybookGraph other = new PlaybookCompiler().compile(Path.of("../job-configs/examples/hello.yaml"))
                .graph().orElseThrow();
        assertThat(catchThrowable(() -> launcher.restart(other, run.executionId())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ran playbook " + run.playbook() + ", not examples/hello")
                .hasMessageContaining("restart it with the playbook it ran");
        assertThat(catchThrowable(() -> launcher.restart(other, 999_999)))
                .hasMessageContaining("no execution 999999 to restart");
        assertThat(String.valueOf(failedError(run, "copy").get("message")))
                .contains("chunk step copy").contains("needs `key`").contains("restart");
    }

    @Test
    void unknownReaderTypeAndMissingTableAreClearErrors() throws Exception {
        RunSummary badType = run("badtype_d", """
                - step: copy
                  type: chunk
                  args:
                    reader: { type: xml, path: a.xml }
                    writer: { type: jsonl, path: "${workload.dir}/x.jsonl" }
                """);
        assertThat(String.valueOf(failedError(badType, "copy").get("message")))
                .contains("reader `type` must be one of sql, csv, jsonl, bean, not 'xml'");

        RunSummary noTable = run("notable_d", """
                - step: copy
                  type: chunk
                  args:
                    reader: { type: sql, query: "select 1 as id", key: id }
                    writer: { type: sql, table: no_such_target, mode: insert }
                """);
        assertThat(noTable.status()).isEqualTo("FAILED");
        assertThat(failedError(noTable, "copy")).containsEntry("type", "chunk_failed");
        assertThat(String.valueOf(failedError(noTable, "copy").get("message")))
                .contains("table no_such_target does not exist").contains("creates nothing implicitly");
    }

    @Test
    void skipLimitSkipsBadRowsAndCountsThem() throws Exception {
        jdbc.execute("CREATE TABLE src_e (id bigint PRIMARY KEY, v text)");
        jdbc.execute("CREATE TABLE dst_e (id bigint PRIMARY KEY, v int)");
        jdbc.execute("INSERT INTO src_e VALUES (1, '1'), (2, 'two'), (3, '3')");

        RunSummary run = run("skip_e", """
                - step: copy
                  type: chunk
                  args:
                    reader: { type: sql, query: "select id, v from src_e", key: id }
                    writer: { type: sql, statement: "insert into dst_e (id, v) values (:id, CAST(:v AS int))" }
                    chunk_size: 10
                    skip_limit: 1
                """);

        assertThat(run.status()).as(run.steps().toString()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForList("SELECT id FROM dst_e ORDER BY id", Long.class)).containsExactly(1L, 3L);
        assertThat(completedData(run, "copy")).containsEntry("skipped", 1).containsEntry("written", 2);
    }

    @Test
    void chunkSizeMustBeAWholeNumber() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ChunkSettings.of("copy",
                Map.of("chunk_size", "ten")))).isInstanceOf(ChunkConfigException.class)
                .hasMessageContaining("chunk step copy: `chunk_size` must be a whole number, not 'ten'");
        assertThat(ChunkSettings.of("copy", Map.of()).chunkSize()).isEqualTo(ChunkSettings.DEFAULT_CHUNK_SIZE);
        assertThat(List.of(ChunkSettings.of("copy", Map.of("skip_limit", 3)).skipLimit())).containsExactly(3L);
    }
}
