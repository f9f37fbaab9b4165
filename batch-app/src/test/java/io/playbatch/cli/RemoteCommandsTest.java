package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.EventLedger;
import io.playbatch.testsupport.PlaybookFiles;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestResumes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The read commands and operator verbs (restart and replay included) through a running server's REST API:
 * the same text and JSON as
 * on the database, errors with the same words, and no database opened on the way (the remote commands
 * are given a database URL nothing listens on). Also how a CLI finds the server of a data directory, and
 * ignores a {@code server.json} left by a dead or silent one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "playbatch.queue.poll-interval=100ms"})
@Tag("slow")
class RemoteCommandsTest {

    /** Nothing listens there: a command that opened the database would fail with exit code 3. */
    private static final String NO_DATABASE = "jdbc:postgresql://127.0.0.1:9/nothing";

    private static TestDatabase database;
    private static String executionId;

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    EventLedger ledger;

    @TempDir
    Path dataDirectory;

    private StringWriter out;
    private StringWriter err;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = TestDatabases.create();
        database.register(registry);
    }

    @BeforeEach
    void runHelloOnce() {
        if (executionId == null) {
            assertThat(local("run", "../job-configs/examples/hello.yaml", "--json")).isEqualTo(ExitCodes.OK);
            executionId = (String) new JsonCodec().readMap(out.toString()).get("execution_id");
            assertThat(local("register", "../job-configs/examples/hello.yaml")).isEqualTo(ExitCodes.OK);
        }
    }

    @Test
    void listShowAndEventsPrintTheSameTextAndJsonThroughTheServerAsOnTheDatabase() {
        for (List<String> command : List.of(List.of("list"), List.of("list", "--json"),
                List.of("list", "--playbook", "examples/hello", "--status", "COMPLETED", "--limit", "1"),
                List.of("show", executionId), List.of("show", executionId, "--json"),
                List.of("events", executionId), List.of("events", executionId, "--json"),
                List.of("events", executionId, "--tree", "--limit", "3"), List.of("schedule", "list"),
                List.of("schedule", "list", "--json"), List.of("playbooks"), List.of("playbooks", "--json"),
                List.of("recover"), List.of("recover", "--json"))) {
            String[] args = command.toArray(String[]::new);
            assertThat(local(args)).as("%s on the database", command).isEqualTo(ExitCodes.OK);
            String onTheDatabase = out.toString();
            String warnings = err.toString();

            assertThat(remote(args)).as("%s through the server: %s", command, err).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).as("%s through the server", command).isEqualTo(onTheDatabase);
            assertThat(err.toString()).isEqualTo(warnings);
            if (command.get(0).equals("events")) {
                assertThat(onTheDatabase).contains("execution_started");
            }
        }
    }

    @Test
    void aRefusedRequestIsTheSameUsageErrorThroughTheServer() {
        assertThat(local("show", "987654321")).isEqualTo(ExitCodes.USAGE);
        String onTheDatabase = err.toString();
        assertThat(remote("show", "987654321")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).isEqualTo(onTheDatabase)
                .isEqualTo("playbatch show: No execution 987654321; list executions with 'playbatch list'%n".formatted());

        assertThat(remote("stop", executionId)).as("a COMPLETED execution cannot be stopped").isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("playbatch stop: ");

        assertThat(local("recover", executionId)).as("a COMPLETED execution is not dead").isEqualTo(ExitCodes.USAGE);
        String refused = err.toString();
        assertThat(remote("recover", executionId)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).isEqualTo(refused).startsWith("playbatch recover: ");
    }

    @Test
    void showListsTheRunsAutomaticResumesTheSameThroughTheServer() {
        assertThat(local("run", "../job-configs/examples/hello.yaml", "--json")).isEqualTo(ExitCodes.OK);
        String resumed = (String) new JsonCodec().readMap(out.toString()).get("execution_id");
        TestResumes.record(ledger, 41, Long.parseLong(resumed), 1);

        assertThat(local("show", resumed)).isEqualTo(ExitCodes.OK);
        String text = out.toString();
        assertThat(text).contains("  resumed  execution 41 as execution " + resumed + " (resume 1; manager "
                + TestResumes.DEAD_MANAGER + " died, " + TestResumes.NEW_MANAGER + " took over at ");
        assertThat(remote("show", resumed)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).isEqualTo(text);

        assertThat(local("show", resumed, "--json")).isEqualTo(ExitCodes.OK);
        String json = out.toString();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> resumes = (List<Map<String, Object>>) new JsonCodec().readMap(json).get("resumes");
        assertThat(resumes).singleElement().satisfies(r -> assertThat(r).containsEntry("dead_execution_id", "41")
                .containsEntry("execution_id", resumed).containsEntry("dead_manager_id", TestResumes.DEAD_MANAGER)
                .containsEntry("new_manager_id", TestResumes.NEW_MANAGER).containsEntry("resume", 1)
                .containsKey("at"));
        assertThat(remote("show", resumed, "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).as("the API's execution detail carries the same resumes").isEqualTo(json);
    }

    @Test
    void anOperatorVerbChangesTheExecutionThroughTheServer(@TempDir Path playbooks) throws IOException {
        Path failing = PlaybookFiles.write(playbooks, "divides_by_zero", """
                workflow:
                  - step: start
                    next: [ divide ]
                  - step: divide
                    type: sql
                    args: { connection: default, query: "select 1/0 AS never" }
                    next: [ end ]
                  - step: end
                """);
        assertThat(local("run", failing.toString(), "--json")).isEqualTo(ExitCodes.RUN_FAILED);
        String first = (String) new JsonCodec().readMap(out.toString()).get("execution_id");

        // The server runs the restart; the command waits for its end and prints its summary as 'run' does.
        assertThat(remote("restart", first, "--json")).isEqualTo(ExitCodes.RUN_FAILED);
        Map<String, Object> restarted = new JsonCodec().readMap(out.toString());
        assertThat(restarted).containsEntry("status", "FAILED").containsEntry("playbook", "divides_by_zero");
        String failed = (String) restarted.get("execution_id");
        assertThat(local("show", failed, "--json")).isEqualTo(ExitCodes.OK);
        assertThat(new JsonCodec().readMap(out.toString())).containsEntry("status", "FAILED");
        assertThat(remote("restart", first)).as("no longer the latest of its run").isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("playbatch restart: ");

        assertThat(remote("abandon", failed, "--reason", "tested remotely")).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).startsWith("Execution " + failed + " (run ").contains(" is ABANDONED;");
        assertThat(local("show", failed, "--json")).isEqualTo(ExitCodes.OK);
        assertThat(new JsonCodec().readMap(out.toString())).containsEntry("status", "ABANDONED");
    }

    @Test
    void aReplayThroughTheServerRunsThereAndPrintsTheSameSummary() {
        assertThat(local("replay", executionId, "--from", "whoami", "--wait")).isEqualTo(ExitCodes.OK);
        String onTheDatabase = out.toString();

        assertThat(remote("replay", executionId, "--from", "whoami", "--wait")).isEqualTo(ExitCodes.OK);

        assertThat(ids(out.toString())).isEqualTo(ids(onTheDatabase)).contains("COMPLETED");
        assertThat(remote("replay", executionId, "--from", "whoami", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(new JsonCodec().readMap(out.toString())).containsEntry("replay_of", executionId)
                .containsKeys("execution_id", "run_id");
        assertThat(remote("replay", executionId, "--from", "nowhere")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("playbatch replay: ").contains("nowhere");
    }

    /** A summary without its ids and durations, which differ from one execution to the next. */
    private static String ids(String summary) {
        // Durations are right-aligned, so their width moves the padding before them.
        return summary.replaceAll(" +\\d+ ms", " N ms").replaceAll("\\d+", "N");
    }

    @Test
    void theServerOfADataDirectoryIsFoundThroughItsServerFile() {
        new ServerFile(server(), ProcessHandle.current().pid(), Instant.now()).write(dataDirectory);

        assertThat(run(List.of("show", executionId, "--data-dir", dataDirectory.toString()))).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).startsWith("Execution " + executionId + " (run ");
    }

    @Test
    void aServerFileOfADeadProcessOrOfAServerThatDoesNotAnswerIsIgnored() throws Exception {
        ServerLocator locator = new ServerLocator();
        new ServerFile(server(), ProcessHandle.current().pid(), Instant.now()).write(dataDirectory);
        assertThat(locator.running(dataDirectory)).contains(server());

        new ServerFile(server(), deadPid(), Instant.now()).write(dataDirectory);
        assertThat(locator.running(dataDirectory)).as("stale file of a killed server").isEmpty();

        new ServerFile(URI.create("http://127.0.0.1:" + freePort()), ProcessHandle.current().pid(), Instant.now())
                .write(dataDirectory);
        assertThat(locator.running(dataDirectory)).as("nothing listens on its port").isEmpty();

        ServerFile.removeIfOwnedBy(dataDirectory, ProcessHandle.current().pid());
        assertThat(ServerFile.read(dataDirectory)).isEmpty();
        assertThat(locator.running(dataDirectory)).isEmpty();
    }

    @Test
    void aNamedServerThatDoesNotAnswerIsAnEnvironmentErrorNotASilentFallback() throws IOException {
        assertThat(run(List.of("list", "--server", "http://127.0.0.1:" + freePort()))).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(err.toString()).startsWith("playbatch list: the server at http://127.0.0.1:")
                .contains("does not answer");

        assertThat(run(List.of("list", "--server", "ftp://example"))).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--server ftp://example is not a server URL");
    }

    private URI server() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private int local(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", database.url(), "--db-user", database.user()));
        if (database.password() != null) {
            all.addAll(List.of("--db-password", database.password()));
        }
        return run(all);
    }

    private int remote(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", server().toString(), "--db-url", NO_DATABASE));
        return run(all);
    }

    private int run(List<String> args) {
        out = new StringWriter();
        err = new StringWriter();
        return PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.pid();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
