package io.playbatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The read models behind `show`, the REST API and the web console, on real runs. */
@SpringBootTest(properties = "playbatch.loop.partitions=3")
class ReadModelsTest extends PlaybookRunTest {

    private static final Path LOOP = Path.of("src/test/resources/playbooks/labelled-loop.yaml");
    private static final String SECRET = "read-models-secret-value";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        TestDatabases.create().register(registry);
        Path file = Files.createTempFile("playbatch-secrets", ".properties");
        Files.writeString(file, "api_token=" + SECRET + "\n");
        registry.add("playbatch.secrets.file", file::toString);
    }

    @Autowired
    RunReports reports;

    @Autowired
    PlaybookReports playbooks;

    @Test
    void detailStepsPartitionsTimelineTasksAndStatisticsDescribeALoopRun() throws Exception {
        RunSummary run = operations.start(LOOP, Map.of());
        assertThat(run.status()).isEqualTo("COMPLETED");
        long id = run.executionId();

        ExecutionDetail detail = reports.detail(id);
        assertThat(detail.labels()).isEqualTo(Map.of("team", "data", "tier", "gold"));
        assertThat(detail.runExecutionIds()).containsExactly(id);
        assertThat(detail.exitCode()).isEqualTo("COMPLETED");
        assertThat(detail.durationMs()).isNotNull();

        List<StepReport> steps = reports.steps(id);
        assertThat(steps).extracting(StepReport::name).containsExactly("start", "announce", "each", "end");
        StepReport loop = steps.get(2);
        assertThat(loop.status()).isEqualTo("completed");
        assertThat(loop.readCount()).isEqualTo(12L);
        assertThat(loop.durationMs()).isNotNull();

        List<PartitionReport> partitions = reports.partitions(id, "each");
        assertThat(partitions).hasSize(3);
        assertThat(partitions).extracting(PartitionReport::from).containsExactlyInAnyOrder(0, 4, 8);
        assertThat(partitions).extracting(PartitionReport::to).containsExactlyInAnyOrder(3, 7, 11);
        assertThat(partitions.stream().mapToLong(PartitionReport::readCount).sum()).isEqualTo(12);
        assertThat(partitions).allSatisfy(p -> assertThat(p.status()).isEqualTo("COMPLETED"));

        List<TimelineSpan> timeline = reports.timeline(id);
        assertThat(timeline).filteredOn(s -> s.kind().equals("step")).extracting(TimelineSpan::name)
                .contains("announce", "each");
        assertThat(timeline).filteredOn(s -> s.kind().equals("partition")).hasSize(3)
                .allSatisfy(s -> assertThat(s.end()).isAfterOrEqualTo(s.start()));
        TimelineSpan loopSpan = timeline.stream().filter(s -> s.name().equals("each")).findFirst().orElseThrow();
        assertThat(timeline).filteredOn(s -> s.kind().equals("partition"))
                .allSatisfy(s -> assertThat(s.start()).isAfterOrEqualTo(loopSpan.start()));

        List<StepTask> plain = reports.tasks(id, null, 100, 0);
        assertThat(plain).extracting(StepTask::step).contains("announce").doesNotContain("each");
        StepTask announce = plain.stream().filter(t -> t.step().equals("announce")).findFirst().orElseThrow();
        assertThat(String.valueOf(announce.task())).contains("${secret:api_token}").doesNotContain(SECRET);
        assertThat(announce.result()).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) announce.result()).get("status")).isEqualTo("ok");
        List<StepTask> iterations = reports.tasks(id, "each", 5, 5);
        assertThat(iterations).extracting(StepTask::index).containsExactly(5, 6, 7, 8, 9);

        List<StoredEvent> first = reports.events(id, 0, 10).events();
        assertThat(first).hasSize(10);
        List<StoredEvent> next = reports.events(id, first.get(9).eventId(), 10).events();
        assertThat(next.get(0).eventId()).isGreaterThan(first.get(9).eventId());

        assertThat(playbooks.playbooks()).extracting(PlaybookSummary::path).contains("tests/labelled_loop");
        PlaybookSummary summary = playbooks.playbook("tests/labelled_loop");
        assertThat(summary.lastExecutionId()).isEqualTo(id);
        assertThat(playbooks.revisions("tests/labelled_loop")).hasSize(1);
        List<StepStatistics> stats = playbooks.stepStatistics("tests/labelled_loop", 100);
        assertThat(stats).extracting(StepStatistics::step).contains("announce", "each");
        assertThat(stats).allSatisfy(s -> {
            assertThat(s.count()).isOne();
            assertThat(s.minMs()).isLessThanOrEqualTo(s.maxMs());
            assertThat(s.stddevMs()).isNull();
        });
    }

    @Test
    void listFiltersByStatusLabelsAndTimeAndPagesWithAHasMoreFlag() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        long a = operations.start(LOOP, Map.of()).executionId();
        long b = operations.start(LOOP, Map.of()).executionId();
        long c = operations.start(Path.of("../job-configs/examples/hello.yaml"), Map.of()).executionId();

        ExecutionPage firstPage = operations.list(new ExecutionFilter(null, List.of("COMPLETED"), before, null,
                Map.of("team", "data"), 1, 0));
        assertThat(firstPage.executions()).extracting(e -> e.executionId()).containsExactly(b);
        assertThat(firstPage.hasMore()).isTrue();
        ExecutionPage secondPage = operations.list(new ExecutionFilter(null, List.of("COMPLETED"), before, null,
                Map.of("team", "data"), 1, 1));
        assertThat(secondPage.executions()).extracting(e -> e.executionId()).containsExactly(a);

        assertThat(operations.list(new ExecutionFilter(null, List.of(), before, null, Map.of("team", "ops"), 10, 0))
                .executions()).isEmpty();
        assertThat(operations.list(new ExecutionFilter(null, List.of("FAILED", "STOPPED"), before, null, Map.of(), 10, 0))
                .executions()).isEmpty();
        assertThat(operations.list(new ExecutionFilter(null, List.of(), null, before, Map.of(), 10, 0))
                .executions()).extracting(e -> e.executionId()).doesNotContain(a, b, c);
        ExecutionPage hello = operations.list(new ExecutionFilter("examples/hello", List.of(), before, null, Map.of(),
                10, 0));
        assertThat(hello.executions()).extracting(e -> e.executionId()).containsExactly(c);
        // Pages leave the (possibly large) output out; the execution itself has it.
        assertThat(hello.executions().get(0).result()).isNull();
        assertThat(operations.execution(c).result()).isNotNull();
    }

    @Test
    void unknownExecutionIsReportedAsSuch() {
        assertThatThrownBy(() -> reports.steps(987654321L)).isInstanceOf(NoSuchExecutionException.class);
    }
}
