package io.playbatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.cli.PlaybatchCli;
import io.playbatch.operate.OperationsService;
import io.playbatch.report.RunReports;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.ThreeCalls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Acceptance test 1 of issue 6: a run whose third step fails on an HTTP 500 ends FAILED; the target
 * is fixed; a restart from the web console (signed in with the operator token) completes the run
 * reusing steps one and two (the target saw no second call for them) and running step three again;
 * {@code playbatch show} and the console's execution pages tell the whole story.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "playbatch.api.token=" + ConsoleRestartStoryTest.TOKEN})
class ConsoleRestartStoryTest {

    static final String TOKEN = "operator-token-for-tests";
    private static TestDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = TestDatabases.create();
        database.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    OperationsService operations;

    @Autowired
    RunReports reports;

    private final LocalHttpStub stub = ThreeCalls.failingAtThree();

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void failedRunRestartedFromTheConsoleCompletesReusingStepsOneAndTwoAndShowAndPagesTellTheStory() throws Exception {
        ConsoleClient console = new ConsoleClient(port);
        RunSummary failed = operations.start(ThreeCalls.PLAYBOOK, Map.of("base_url", stub.baseUrl()));
        assertThat(failed.status()).isEqualTo("FAILED");
        long failedId = failed.executionId();

        HttpResponse<String> failedPage = console.get("/executions/" + failedId);
        assertThat(failedPage.statusCode()).isEqualTo(200);
        assertThat(failedPage.body())
                .contains("status-failed\" id=\"execution-status\">FAILED<")
                .contains("data-step=\"one\" data-status=\"completed\"")
                .contains("data-step=\"two\" data-status=\"completed\"")
                .contains("data-step=\"three\" data-status=\"failed\"")
                .contains("answered 500").contains("target down")
                .contains("id=\"gantt\"").contains("id=\"restart-button\"");

        // Actions need the operator token: refused without it, and a wrong token does not sign in.
        HttpResponse<String> refused = console.post("/executions/" + failedId + "/restart", Map.of(), null, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Operator token needed").contains("id=\"sign-in-required\"");
        HttpResponse<String> wrong = console.post("/sign-in", Map.of("operatorToken", "wrong"), null, null);
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/sign-in?failed"));
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        // A page of another site cannot make a signed-in browser act (SameSite cookie, Origin check).
        assertThat(console.post("/executions/" + failedId + "/restart", Map.of(), null, "http://evil.example")
                .statusCode()).isEqualTo(403);
        HttpResponse<String> signIn = console.post("/sign-in",
                Map.of("operatorToken", TOKEN, "next", "/executions/" + failedId), null, null);
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("Location")).hasValue("/executions/" + failedId);
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(console.get("/executions/" + failedId + "/restart", cookie).body()).contains("id=\"confirm-button\"");

        ThreeCalls.repair(stub);
        HttpResponse<String> restart = console.post("/executions/" + failedId + "/restart", Map.of(), cookie, null);
        assertThat(restart.statusCode()).isEqualTo(303);
        String location = restart.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(".*/executions/\\d+");
        long restartedId = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        assertThat(restartedId).isGreaterThan(failedId);
        Deadline.await(Duration.ofSeconds(30), "the restarted execution to end",
                () -> !operations.execution(restartedId).status().startsWith("START"));
        assertThat(operations.execution(restartedId).status()).isEqualTo("COMPLETED");

        assertThat(stub.calls("/one")).isOne();
        assertThat(stub.calls("/two")).isOne();
        assertThat(stub.calls("/three")).isEqualTo(2);

        HttpResponse<String> restartedPage = console.get("/executions/" + restartedId);
        assertThat(restartedPage.statusCode()).isEqualTo(200);
        assertThat(restartedPage.body())
                .contains("status-completed\" id=\"execution-status\">COMPLETED<")
                .contains("data-step=\"one\" data-status=\"reused\"")
                .contains("data-step=\"two\" data-status=\"reused\"")
                .contains("data-step=\"three\" data-status=\"completed\"")
                .contains("id=\"restart-of\" href=\"/executions/" + failedId + "\"")
                .doesNotContain("id=\"restart-button\"").doesNotContain("http-equiv=\"refresh\"");
        // The first execution's page now knows it was followed, by whom and with what outcome, and
        // offers neither a second restart nor an abandon of a failure already made good.
        String supersededPage = console.get("/executions/" + failedId).body();
        assertThat(supersededPage).doesNotContain("id=\"restart-button\"").doesNotContain("id=\"abandon-button\"")
                .contains("href=\"/executions/" + restartedId + "\"");
        assertThat(supersededPage.replaceAll("<[^>]+>", "").replaceAll("\\s+", " "))
                .contains("Restarted by execution " + restartedId + ", COMPLETED");

        // The list says the same in one row: the failed step, and who took the failure over.
        String list = console.get("/executions").body();
        String failedRow = list.substring(list.indexOf("data-execution-id=\"" + failedId + "\""));
        failedRow = failedRow.substring(0, failedRow.indexOf("</tr>")).replaceAll("<[^>]+>", " ")
                .replaceAll("\\s+", " ");
        assertThat(failedRow).contains("FAILED restarted by " + restartedId + " , COMPLETED").contains(" three ");
        String restartedRow = list.substring(list.indexOf("data-execution-id=\"" + restartedId + "\""));
        assertThat(restartedRow.substring(0, restartedRow.indexOf("</tr>"))).doesNotContain("restarted by")
                .contains("<td class=\"failed-step\"></td>");

        // One duration per step: the CLI's summary and the console's steps agree to the millisecond.
        Map<String, Long> shownDurations = new HashMap<>();
        operations.show(restartedId).steps().forEach(step -> shownDurations.put(step.name(), step.durationMs()));
        reports.steps(restartedId).stream().filter(step -> shownDurations.containsKey(step.name()))
                .forEach(step -> assertThat(step.durationMs()).as(step.name()).isEqualTo(shownDurations.get(step.name())));
        assertThat(shownDurations.get("three")).isNotNull();

        String shownFailed = show(failedId);
        assertThat(shownFailed).contains("Execution " + failedId).contains("FAILED");
        assertThat(line(shownFailed, "three")).contains("failed").contains("answered 500");
        assertThat(line(shownFailed, "one")).contains("completed");
        String shownRestarted = show(restartedId);
        assertThat(shownRestarted).contains("Execution " + restartedId).contains("COMPLETED")
                .contains("restart of execution " + failedId);
        assertThat(line(shownRestarted, "one")).contains("reused");
        assertThat(line(shownRestarted, "two")).contains("reused");
        assertThat(line(shownRestarted, "three")).contains("completed");
    }

    /** {@code playbatch show ID} run in-process against this test's database. */
    private static String show(long executionId) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("show", String.valueOf(executionId), "--db-url", database.url(),
                "--db-user", database.user()));
        if (database.password() != null) {
            args.addAll(List.of("--db-password", database.password()));
        }
        int exit = PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    private static String line(String text, String step) {
        return text.lines().filter(l -> l.trim().startsWith(step + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for step " + step + " in:\n" + text));
    }
}
