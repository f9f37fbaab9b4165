package io.playbatch.save;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.DatabaseRunTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** {@code save} on ordinary steps: the task's data lands in a table or a file, or the step fails saying why. */
@SpringBootTest
class SaveTest extends DatabaseRunTest {

    @Autowired
    DataSaver saver;

    @TempDir
    Path dir;

    private RunSummary run(String name, String query, String save) throws Exception {
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
                    next: [ produce ]
                  - step: produce
                    type: sql
                    args: { connection: default, query: "%s" }
                    save: %s
                """.formatted(name, dir.toString().replace("\\", "/"), query, save));
        return operations.start(file, Map.of());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> failure(RunSummary run) {
        StoredEvent failed = ledger.events(run.executionId()).stream()
                .filter(e -> e.type() == EventType.STEP_FAILED).findFirst()
                .orElseThrow(() -> new AssertionError("no step_failed: " + run.steps()));
        return (Map<String, Object>) failed.error();
    }

    @Test
    void insertThenUpsertWritesTheDataRowsNotTheEnvelope() throws Exception {
        jdbc.execute("CREATE TABLE daily (day text PRIMARY KEY, n int)");

        RunSummary insert = run("ins", "select 'mon' as day, 1 as n union all select 'tue', 2",
                "{ to: table, connection: default, table: daily, mode: insert }");
        RunSummary upsert = run("ups", "select 'tue' as day, 20 as n union all select 'wed', 3",
                "{ to: table, table: daily, mode: upsert, key: [ day ] }");

        assertThat(insert.status()).as(insert.steps().toString()).isEqualTo("COMPLETED");
        assertThat(upsert.status()).as(upsert.steps().toString()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForList("SELECT day || '=' || n FROM daily ORDER BY day", String.class))
                .containsExactly("mon=1", "tue=20", "wed=3");
        assertThat(verifier.verify(upsert.executionId())).isEmpty();
    }

    @Test
    void missingTableFailsTheStepWithSaveErrorSayingNothingIsCreated() throws Exception {
        RunSummary run = run("missing", "select 1 as a", "{ to: table, table: nowhere, mode: insert }");

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(failure(run)).containsEntry("type", "save_error");
        assertThat(String.valueOf(failure(run).get("message"))).contains("step produce: save failed")
                .contains("table nowhere does not exist").contains("Playbatch creates nothing implicitly");
    }

    @Test
    void missingColumnAndBadIdentifiersAreNamed() throws Exception {
        jdbc.execute("CREATE TABLE narrow (a int)");

        RunSummary column = run("column", "select 1 as a, 2 as b", "{ to: table, table: narrow }");
        assertThat(String.valueOf(failure(column).get("message"))).contains("table narrow has no column b")
                .contains("creates nothing implicitly");

        RunSummary identifier = run("ident", "select 1 as a", "{ to: table, table: \"narrow; drop table x\" }");
        assertThat(String.valueOf(failure(identifier).get("message")))
                .contains("table name 'narrow; drop table x' is not a valid identifier");

        RunSummary noKey = run("nokey", "select 1 as a", "{ to: table, table: narrow, mode: upsert, key: [ zz ] }");
        assertThat(String.valueOf(failure(noKey).get("message"))).contains("key column zz is not in the data");
    }

    @Test
    void fileSavesAppendJsonlAndCsvWithOneHeader() throws Exception {
        String jsonl = "{ to: file, path: \"${workload.dir}/out/rows.jsonl\", format: jsonl }";
        String csv = "{ to: file, path: \"${workload.dir}/rows.csv\", format: csv }";
        run("j1", "select 1 as id, 'a,b' as name", jsonl);
        run("j2", "select 2 as id, 'c' as name", jsonl);
        run("c1", "select 1 as id, 'a,b' as name", csv);
        RunSummary last = run("c2", "select 2 as id, 'c' as name", csv);

        assertThat(last.status()).isEqualTo("COMPLETED");
        assertThat(Files.readAllLines(dir.resolve("out/rows.jsonl")))
                .containsExactly("{\"id\":1,\"name\":\"a,b\"}", "{\"id\":2,\"name\":\"c\"}");
        assertThat(Files.readAllLines(dir.resolve("rows.csv"))).containsExactly("id,name", "1,\"a,b\"", "2,c");
    }

    @Test
    void dataThatIsNotRowsIsASaveError() throws Exception {
        Path file = dir.resolve("scalar.yaml");
        Files.writeString(file, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: scalar
                workflow:
                  - step: start
                    next: [ say ]
                  - step: say
                    type: log
                    args: { message: hi }
                    save: { to: file, path: "%s", format: csv }
                """.formatted(dir.resolve("x.csv").toString().replace("\\", "/")));
        RunSummary run = operations.start(file, Map.of());
        // log returns {message}: one row, which saves fine; a list of scalars does not.
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(Files.readAllLines(dir.resolve("x.csv"))).containsExactly("message", "hi");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> saver.save(Map.of("to", "file", "path",
                dir.resolve("y.csv").toString(), "format", "csv"), java.util.List.of(1, 2))))
                .isInstanceOf(SaveException.class)
                .hasMessageContaining("data[0] is a Integer (1), not a mapping of column to value");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> saver.save(Map.of("to", "file", "path",
                dir.resolve("y.csv").toString(), "format", "xml"), Map.of("a", 1))))
                .hasMessageContaining("format must be jsonl or csv, not 'xml'");
    }

    @Test
    void aLoopSavesTheListOfItsIterationsData() throws Exception {
        jdbc.execute("CREATE TABLE greetings (message text PRIMARY KEY)");
        Path file = dir.resolve("loop.yaml");
        Files.writeString(file, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: loop_save
                workload:
                  cities: [ London, Paris, Rome ]
                workflow:
                  - step: start
                    next: [ greet ]
                  - step: greet
                    loop: { over: "$workload.cities", as: city, mode: parallel }
                    type: log
                    args: { message: "hello ${city}" }
                    save: { to: table, table: greetings, mode: upsert, key: [ message ] }
                """);

        RunSummary run = operations.start(file, Map.of());

        assertThat(run.status()).as(run.steps().toString()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForList("SELECT message FROM greetings ORDER BY message", String.class))
                .containsExactly("hello London", "hello Paris", "hello Rome");
        assertThat(verifier.verify(run.executionId())).isEmpty();
    }

    @Test
    void aLoopWhoseSaveFailsFailsTheStepAndTheRun() throws Exception {
        Path file = dir.resolve("loopfail.yaml");
        Files.writeString(file, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: loop_save_fail
                workload:
                  cities: [ London ]
                workflow:
                  - step: start
                    next: [ greet ]
                  - step: greet
                    loop: { over: "$workload.cities", as: city }
                    type: log
                    args: { message: "hello ${city}" }
                    save: { to: table, table: no_greetings }
                """);

        RunSummary run = operations.start(file, Map.of());

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(failure(run)).containsEntry("type", "save_error");
        assertThat(String.valueOf(failure(run).get("message"))).contains("table no_greetings does not exist");
        assertThat(jdbc.queryForObject("SELECT status FROM batch_step_execution WHERE job_execution_id = ?"
                + " AND step_name = 'greet'", String.class, run.executionId())).isEqualTo("FAILED");
    }
}
