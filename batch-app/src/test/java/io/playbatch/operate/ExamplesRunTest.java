package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.DatabaseRunTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Every shipped example runs end to end, ends in the status it is written to reach, its events
 * form one lineage tree rooted at execution_started, and its snapshots rebuild from its events.
 */
@SpringBootTest
class ExamplesRunTest extends DatabaseRunTest {

    private static final Path EXAMPLES = Path.of("../job-configs/examples");

    /** Examples written to end FAILED on a fresh database (they demonstrate failure handling). */
    private static final Set<String> FAILING_BY_DESIGN = Set.of("on_failure.yaml");

    /** Stands in for the services the http examples call (their workload points at localhost:8089). */
    private static final LocalHttpStub STUB = new LocalHttpStub()
            .on("/forecast", LocalHttpStub.Answer.json(200, "{\"forecast\": \"{query}\"}"))
            .on("/health", LocalHttpStub.Answer.json(200, "{\"ok\": true}"))
            .on("/admin/health", LocalHttpStub.Answer.json(200, "{\"ok\": true}"));

    /** Files the examples save go to the build directory, never into the source tree. */
    private static final String OUT_DIR = "target/example-output";

    private static final Map<String, Map<String, Object>> WORKLOADS = Map.of(
            "loop_parallel.yaml", Map.of("base_url", STUB.baseUrl()),
            "workbook.yaml", Map.of("host", STUB.baseUrl()),
            "chunk.yaml", Map.of("out_dir", OUT_DIR),
            "save.yaml", Map.of("out_dir", OUT_DIR));

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleRunsWithOneLineageTreeAndConsistentSnapshots(String example) throws Exception {
        RunSummary run = operations.start(EXAMPLES.resolve(example), WORKLOADS.getOrDefault(example, Map.of()));

        assertThat(run.status()).as(example + " " + run.steps())
                .isEqualTo(FAILING_BY_DESIGN.contains(example) ? "FAILED" : "COMPLETED");
        List<StoredEvent> events = ledger.events(run.executionId());
        Set<Long> ids = events.stream().map(StoredEvent::eventId).collect(Collectors.toSet());
        assertThat(events.stream().filter(e -> e.parentEventId() == null).map(StoredEvent::type))
                .containsExactly(EventType.EXECUTION_STARTED);
        assertThat(events).filteredOn(e -> e.parentEventId() != null)
                .allSatisfy(e -> assertThat(ids).contains(e.parentEventId()));
        assertThat(events).filteredOn(e -> e.type() == EventType.EXECUTION_COMPLETE).hasSize(1);
        assertThat(verifier.verify(run.executionId())).isEmpty();
    }
}
