package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.PlaybookFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator commands end to end through the command line, on a database given by --db-url. */
class CliCommandsTest {

    private static TestDatabase database;
    private static String executionId;

    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    static void runHello() {
        database = TestDatabases.create();
        CliCommandsTest cli = new CliCommandsTest();
        assertThat(cli.run("run", "../job-configs/examples/hello.yaml", "--json")).isEqualTo(ExitCodes.OK);
        Map<String, Object> summary = new JsonCodec().readMap(cli.out.toString());
        executionId = (String) summary.get("execution_id");
        assertThat(executionId).matches("\\d+");
        assertThat(cli.err.toString()).as("a run that ends within two seconds shows no progress").isEmpty();
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", database.url(), "--db-user", database.user()));
        if (database.password() != null) {
            all.addAll(List.of("--db-password", database.password()));
        }
        return PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    }

    @Test
    void aLongRunShowsItsStepsAndLoopCountsOnStandardErrorAndOnlyTheSummaryOnStandardOutput(@TempDir Path dir)
            throws IOException {
        // Thirty iterations of 0.2 s, two at a time: at least three seconds, so progress shows.
        Path playbook = PlaybookFiles.write(dir, "slow_loop", """
                workload:
                  items: %s
                workflow:
                  - step: start
                    next: [ hits ]
                  - step: hits
                    loop: { over: "$workload.items", as: item, mode: parallel, max_parallel: 2 }
                    type: sql
                    args: { connection: default, query: "select 1 AS one from pg_sleep(0.2)" }
                    next: [ end ]
                  - step: end
                """.formatted(IntStream.range(0, 30).boxed().toList()));

        assertThat(run("run", playbook.toString(), "--json")).isEqualTo(ExitCodes.OK);

        assertThat(new JsonCodec().readMap(out.toString())).as("standard output is only the summary's JSON")
                .containsEntry("status", "COMPLETED");
        List<String> progress = err.toString().lines().toList();
        assertThat(progress.get(0)).matches("Execution \\d+ \\(run \\d+\\) of \\S*slow_loop is running;"
                + " its summary follows when it ends\\.");
        assertThat(progress).anySatisfy(line -> assertThat(line)
                .matches("  \\d\\d:\\d\\d:\\d\\d  hits   loop: \\d+ of 30 done.*"));
        assertThat(progress).filteredOn(line -> line.matches("  \\d\\d:\\d\\d:\\d\\d  hits   completed .*"))
                .hasSize(1);
        assertThat(progress.get(progress.size() - 1)).contains("end").contains("completed");
    }

    @Test
    void showPrintsEveryStepAndTheRevision() {
        assertThat(run("show", executionId)).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains("Execution " + executionId).contains("COMPLETED")
                .contains("greet").contains("whoami").contains("revision ");
    }

    @Test
    void eventsTreeIndentsEachEventUnderItsCause() {
        assertThat(run("events", executionId, "--tree")).isEqualTo(ExitCodes.OK);

        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).contains("execution_started").doesNotStartWith(" ");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  ").contains("step_started start"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("transition greet -> whoami"));
        assertThat(lines).filteredOn(l -> l.contains("execution_complete")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("    "));
    }

    @Test
    void eventsJsonWritesIdsAsStrings() {
        assertThat(run("events", executionId, "--json")).isEqualTo(ExitCodes.OK);

        Object parsed = new JsonCodec().read(out.toString());
        assertThat(parsed).isInstanceOf(List.class);
        assertThat((List<?>) parsed).allSatisfy(e -> assertThat(((Map<?, ?>) e).get("event_id")).isInstanceOf(String.class));
    }

    @Test
    void verifyAndListAgreeWithTheRun() {
        assertThat(run("verify", executionId)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("snapshots match the events");

        assertThat(run("list", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("\"execution_id\" : \"" + executionId + "\"");
    }

    @Test
    void listFiltersByStatusLabelAndTimeAndPages() {
        assertThat(run("list", "--status", "completed", "--since", "2000-01-01", "--playbook", "examples/hello",
                "--limit", "1", "--page", "1")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains(executionId).contains("COMPLETED");

        assertThat(run("list", "--status", "FAILED,STOPPED", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(new JsonCodec().read(out.toString())).isEqualTo(List.of());
        assertThat(run("list", "--label", "team=nobody")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("No executions match these filters.");
        assertThat(run("list", "--until", "2000-01-01T00:00:00Z")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).doesNotContain(executionId);
        // Far past the last page whatever other tests of this class have run.
        assertThat(run("list", "--page", "100000", "--limit", "1")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("No executions on this page.");
    }

    @Test
    void listRejectsBadFiltersNamingTheFlag() {
        assertThat(run("list", "--status", "DONE")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--status").contains("COMPLETED");
        assertThat(run("list", "--since", "yesterday")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--since").contains("2026-11-25");
        assertThat(run("list", "--label", "team")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--label").contains("key=value");
        assertThat(run("list", "--page", "2", "--offset", "5")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("list", "--limit", "501")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void malformedAndUnknownIdsAreUsageErrorsNamingTheField() {
        assertThat(run("show", "12.5")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Invalid EXECUTION_ID '12.5'");

        assertThat(run("events", "9223372036854775807")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("No execution 9223372036854775807");
    }

    @Test
    void stopAndRecoverRefuseAnExecutionThatIsNotRunning() {
        assertThat(run("stop", executionId)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).isEqualTo("playbatch stop: execution " + executionId
                + " is COMPLETED, not running; only a STARTING or STARTED execution can be stopped");

        assertThat(run("recover", executionId)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("execution " + executionId + " is COMPLETED, not running");

        assertThat(run("stop", "-3")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("EXECUTION_ID");
    }

    @Test
    void recoverWithoutIdReportsThatNothingIsDead() {
        assertThat(run("recover")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("No dead execution");

        assertThat(run("recover", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(new JsonCodec().read(out.toString())).isEqualTo(List.of());
    }

    @Test
    void replayRunsFromTheChosenStepAndRefusesAnUnknownOne() {
        assertThat(run("replay", executionId, "--from", "whoam")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).isEqualTo("playbatch replay: playbook examples/hello has no step 'whoam';"
                + " did you mean `whoami`?");
        assertThat(run("replay", executionId)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--from");

        assertThat(run("replay", executionId, "--from", "whoami", "--set", "greeting=Replayed", "--wait", "--json"))
                .isEqualTo(ExitCodes.OK);
        Map<String, Object> summary = new JsonCodec().readMap(out.toString());
        assertThat(summary.get("status")).isEqualTo("COMPLETED");
        assertThat(summary.get("steps")).asList().anySatisfy(step ->
                assertThat(((Map<?, ?>) step).get("name") + " " + ((Map<?, ?>) step).get("status"))
                        .isEqualTo("greet reused"));

        assertThat(run("replay", executionId, "--from", "greet", "--json")).isEqualTo(ExitCodes.OK);
        Map<String, Object> handle = new JsonCodec().readMap(out.toString());
        assertThat(handle).containsEntry("replay_of", executionId);
        assertThat((String) handle.get("execution_id")).matches("\\d+");
    }
}
