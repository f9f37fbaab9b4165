package io.playbatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.operate.OperationsService;
import io.playbatch.report.RunSummary;
import io.playbatch.schedule.ScheduleService;
import io.playbatch.schedule.ScheduleView;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestResumes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's pages over HTTP without an operator token (the loopback default): a loop run's
 * partitions in the Gantt chart, secrets shown as references only, list filters and paging, the
 * playbook page's statistics, pausing, resuming and running schedules now, the flat event log and
 * its filters, launching a playbook from its form, readable error pages with the right status, and
 * refused cross-site posts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "playbatch.loop.partitions=3"})
class ConsolePagesTest {

    private static final Path LOOP = Path.of("src/test/resources/playbooks/labelled-loop.yaml");
    private static final Path LAUNCHABLE = Path.of("src/test/resources/playbooks/launchable.yaml");
    private static final String SECRET = "console-pages-secret-value";
    private static RunSummary first;
    private static RunSummary second;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        TestDatabases.create().register(registry);
        Path file = Files.createTempFile("playbatch-secrets", ".properties");
        file.toFile().deleteOnExit();
        Files.writeString(file, "api_token=" + SECRET + "\n");
        registry.add("playbatch.secrets.file", file::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    OperationsService operations;

    @Autowired
    ScheduleService schedules;

    @Autowired
    EventLedger ledger;

    private ConsoleClient console;

    @BeforeEach
    void runLoopTwice() throws Exception {
        console = new ConsoleClient(port);
        if (first == null) {
            first = operations.start(LOOP, Map.of());
            second = operations.start(LOOP, Map.of());
        }
        assertThat(second.status()).isEqualTo("COMPLETED");
    }

    @Test
    void loopExecutionPageDrawsPartitionsAndShowsSecretsOnlyAsReferences() {
        HttpResponse<String> page = console.get("/executions/" + second.executionId());

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(count(body, "data-step=\"each\" data-kind=\"partition\"")).isEqualTo(3);
        assertThat(count(body, "data-step=\"each\" data-kind=\"step\"")).isOne();
        assertThat(body).contains("id=\"partitions\"").contains("range-0-")
                .contains("team=data").contains("tier=gold")
                .contains("data-step=\"each\" data-status=\"completed\"")
                .contains("token ${secret:api_token}")
                .contains("execution_complete")
                .doesNotContain(SECRET);
    }

    @Test
    void chunkStepShowsItsCommitRollbackAndFilterCounts() throws Exception {
        Path out = Files.createTempDirectory("playbatch-console-chunk");
        RunSummary chunk = operations.start(Path.of("../job-configs/examples/chunk.yaml"),
                Map.of("out_dir", out.toString()));
        assertThat(chunk.status()).isEqualTo("COMPLETED");

        String body = console.get("/executions/" + chunk.executionId()).body();
        Matcher counts = Pattern.compile("data-step=\"copy_events\".*?class=\"num commits\">(\\d+)</td>\\s*"
                + "<td class=\"num rollbacks\">(\\d+)</td>\\s*<td class=\"num filtered\">(\\d+)</td>",
                Pattern.DOTALL).matcher(body);
        assertThat(counts.find()).as(body).isTrue();
        // 1,000 rows of the day in chunks of 500: two full chunks and the empty last read, each committed.
        assertThat(Integer.parseInt(counts.group(1))).isGreaterThanOrEqualTo(2);
        assertThat(counts.group(2)).isEqualTo("0");
        assertThat(counts.group(3)).isEqualTo("0");
    }

    @Test
    void executionPageListsTheRunsAutomaticResumes() throws Exception {
        // Not the labelled loop: the list tests count its executions.
        RunSummary resumed = operations.start(Path.of("../job-configs/examples/hello.yaml"), Map.of());
        TestResumes.record(ledger, first.executionId(), resumed.executionId(), 2);

        String body = console.get("/executions/" + resumed.executionId()).body();

        assertThat(body).contains("Resumed automatically", "href=\"/executions/" + first.executionId() + "\"",
                "(resume 2: manager " + TestResumes.DEAD_MANAGER + " died, " + TestResumes.NEW_MANAGER + " took over");
        assertThat(console.get("/executions/" + second.executionId()).body()).doesNotContain("Resumed automatically");
    }

    @Test
    void eventLogIsAFlatTableFilteredByStepAndTypeOnTheServer() {
        String all = console.get("/executions/" + second.executionId()).body();
        assertThat(all).doesNotContain("↳").contains("data-type=\"execution_started\"")
                .contains("data-type=\"step_completed\" data-step=\"announce\"");

        HttpResponse<String> filtered = console.get("/executions/" + second.executionId()
                + "?step=each&type=step_completed");
        assertThat(filtered.statusCode()).isEqualTo(200);
        String body = filtered.body();
        String events = body.substring(body.indexOf("id=\"events\""));
        assertThat(count(events, "data-type=")).isOne();
        assertThat(events).contains("data-type=\"step_completed\" data-step=\"each\"");
        assertThat(body).contains("<option value=\"each\" selected=\"selected\">");

        assertThat(console.get("/executions/" + second.executionId() + "?step=nothing").body())
                .contains("No event matches.");
        HttpResponse<String> badType = console.get("/executions/" + second.executionId() + "?type=bogus");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("type: &#39;bogus&#39; is not an event type").contains("step_completed");
    }

    @Test
    void launchFormIsBuiltFromTheInputSchemaAndStartsTheRunItDescribes() {
        operations.register(LAUNCHABLE);
        HttpResponse<String> form = console.get("/launch?playbook=tests/launchable");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("data-field=\"greeting\" data-kind=\"string\"")
                .contains("data-field=\"times\" data-kind=\"integer\"")
                .contains("data-field=\"loud\" data-kind=\"boolean\"")
                .contains("data-field=\"options\" data-kind=\"json\"")
                .contains("What to say").contains("{&quot;colour&quot;:&quot;blue&quot;}");
        assertThat(console.get("/playbooks/tests/launchable").body())
                .contains("href=\"/launch?playbook=tests/launchable\"");

        HttpResponse<String> launched = console.post("/launch", Map.of("playbook", "tests/launchable",
                "w.greeting", "bonjour", "w.times", "3", "w.options", "{\"colour\": \"red\"}", "w.loud", ""),
                null, null);
        assertThat(launched.statusCode()).isEqualTo(303);
        long executionId = Long.parseLong(launched.headers().firstValue("Location").orElseThrow()
                .replaceAll(".*/executions/", ""));
        Deadline.await(Duration.ofSeconds(30), "the launched execution to end",
                () -> !"STARTING".equals(operations.execution(executionId).status())
                        && !"STARTED".equals(operations.execution(executionId).status()));
        ExecutionRecord execution = operations.execution(executionId);
        assertThat(execution.status()).isEqualTo("COMPLETED");
        assertThat(execution.result()).isEqualTo(Map.of("greeting", "bonjour", "times", 3, "loud", false,
                "options", Map.of("colour", "red")));

        HttpResponse<String> wrongType = console.post("/launch", Map.of("playbook", "tests/launchable",
                "w.times", "three"), null, null);
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.body()).contains("workload.times: &#39;three&#39; is not an integer");
        assertThat(console.get("/launch?playbook=tests/nothing").statusCode()).isEqualTo(404);
        assertThat(console.post("/launch", Map.of("playbook", "tests/launchable"), null, "http://evil.example")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void listFiltersByStatusAndLabelAndPagesWithoutCounting() {
        HttpResponse<String> firstPage = console.get("/executions?status=completed&label=team%3Ddata&limit=1");
        assertThat(firstPage.statusCode()).isEqualTo(200);
        assertThat(count(firstPage.body(), "data-execution-id=")).isOne();
        assertThat(firstPage.body()).contains("data-execution-id=\"" + second.executionId() + "\"")
                .contains("id=\"next-page\"").doesNotContain("id=\"previous-page\"");

        HttpResponse<String> secondPage = console.get("/executions?status=COMPLETED&label=team%3Ddata&limit=1&offset=1");
        assertThat(secondPage.body()).contains("data-execution-id=\"" + first.executionId() + "\"")
                .contains("id=\"previous-page\"");

        assertThat(console.get("/executions?status=FAILED").body()).contains("No execution matches these filters");
        assertThat(console.get("/executions?label=team%3Dother").body()).doesNotContain("data-execution-id=");
    }

    @Test
    void playbookPageShowsHistoryAndPerStepDurationStatistics() {
        HttpResponse<String> page = console.get("/playbooks/tests/labelled_loop");

        assertThat(page.statusCode()).isEqualTo(200);
        Matcher each = Pattern.compile("<tr data-step=\"each\">\\s*<td>each</td>\\s*<td class=\"num\">(\\d+)</td>")
                .matcher(page.body());
        assertThat(each.find()).as(page.body()).isTrue();
        assertThat(Integer.parseInt(each.group(1))).isEqualTo(2);
        assertThat(page.body()).contains("Std deviation")
                .contains("href=\"/executions/" + first.executionId() + "\"")
                .contains("href=\"/executions/" + second.executionId() + "\"");
        assertThat(console.get("/playbooks").body()).contains("href=\"/playbooks/tests/labelled_loop\"");
    }

    @Test
    void errorsAreReadablePagesWithTheRightStatus() {
        HttpResponse<String> missing = console.get("/executions/9223372036854775806");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("No such execution").contains("How to fix");

        HttpResponse<String> malformed = console.get("/executions/12.5");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("Invalid execution id").contains("How to fix");

        HttpResponse<String> badFilter = console.get("/executions?status=BOGUS");
        assertThat(badFilter.statusCode()).isEqualTo(400);
        assertThat(badFilter.body()).contains("not an execution status");

        HttpResponse<String> completed = console.post("/executions/" + second.executionId() + "/restart", Map.of(),
                null, null);
        assertThat(completed.statusCode()).isEqualTo(409);
        assertThat(completed.body()).contains("is COMPLETED; only a FAILED or STOPPED execution can be restarted");

        HttpResponse<String> nowhere = console.get("/no-such-page");
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.body()).contains("No such page").contains("How to fix");
    }

    @Test
    void rootRedirectsToTheListAndCrossSitePostsAreRefused() {
        HttpResponse<String> root = console.get("/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/executions"));

        assertThat(console.get("/sign-in").body()).contains("No operator token is configured");

        HttpResponse<String> forged = console.post("/executions/" + first.executionId() + "/abandon", Map.of(), null,
                "http://evil.example");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(operations.execution(first.executionId()).status()).isEqualTo("COMPLETED");
    }

    @Test
    void schedulesArePausedAndResumedFromTheSchedulesPage() {
        operations.register(Path.of("../job-configs/examples/scheduled.yaml"));
        ScheduleView schedule = schedules.list().get(0);
        assertThat(console.get("/schedules").body()).contains("data-schedule=\"" + schedule.scheduleId() + "\"")
                .contains(schedule.cron());

        assertThat(console.get("/schedules").body()).contains(">NORMAL<").doesNotContain("ACTIVE")
                .doesNotContain("<td class=\"next-tick\">—</td>");

        HttpResponse<String> paused = console.post("/schedules/pause", Map.of("id", schedule.scheduleId()), null, null);
        assertThat(paused.statusCode()).isEqualTo(303);
        assertThat(schedules.get(schedule.scheduleId()).state()).isEqualTo("PAUSED");
        // A paused schedule has no next tick, whatever Quartz kept for it.
        assertThat(console.get("/schedules").body()).contains("data-state=\"PAUSED\"").contains(">Resume<")
                .contains("<td class=\"next-tick\">—</td>");

        HttpResponse<String> runNow = console.post("/schedules/run-now", Map.of("id", schedule.scheduleId()), null,
                null);
        assertThat(runNow.statusCode()).isEqualTo(303);
        long executionId = Long.parseLong(runNow.headers().firstValue("Location").orElseThrow()
                .replaceAll(".*/executions/", ""));
        assertThat(operations.execution(executionId).playbookPath()).isEqualTo(schedule.playbookPath());
        assertThat(console.post("/schedules/run-now", Map.of("id", "nothing#9"), null, null).statusCode())
                .isEqualTo(404);

        console.post("/schedules/resume", Map.of("id", schedule.scheduleId()), null, null);
        assertThat(schedules.get(schedule.scheduleId()).state()).isNotEqualTo("PAUSED");
        assertThat(console.post("/schedules/pause", Map.of("id", "nothing#9"), null, null).statusCode()).isEqualTo(404);
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }
}
