package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.catalog.PlaybookRevisions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.NoSuchExecutionException;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.LocalHttpStub.Answer;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.DatabaseRunTest;
import io.playbatch.testsupport.ThreeCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** {@code replay --from STEP}: a new run whose earlier steps are carried over, not run again (docs/operations.md). */
@SpringBootTest
class ReplayTest extends DatabaseRunTest {

    @Autowired
    PlaybookRevisions revisions;

    @TempDir
    Path dir;

    private final LocalHttpStub stub = new LocalHttpStub()
            .on("/one", Answer.json(200, "{\"token\": \"abc\"}"))
            .on("/two", Answer.json(200, "{\"ok\": true}"))
            .on("/three", Answer.json(200, "{\"query\": \"{query}\"}"))
            .on("/three-v2", Answer.json(200, "{\"v2\": \"{query}\"}"));

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void replayFromAMiddleStepIsANewRunThatReusesTheEarlierStepsWithoutCallingThemAgain() throws Exception {
        RunSummary source = operations.start(ThreeCalls.PLAYBOOK, Map.of("base_url", stub.baseUrl()));
        assertThat(source.status()).isEqualTo("COMPLETED");

        RunHandle replay = operations.replay(source.executionId(), "two", Map.of(), false);
        RunSummary replayed = awaitEnd(replay);

        assertThat(replayed.status()).isEqualTo("COMPLETED");
        assertThat(replay.runId()).as("a new run").isNotEqualTo(source.runId());
        assertThat(stub.calls("/one")).as("carried over, not called again").isOne();
        assertThat(stub.calls("/two")).isEqualTo(2);
        assertThat(stub.calls("/three")).isEqualTo(2);
        // The reused result of step one still feeds step three's template.
        assertThat(replayed.result()).isEqualTo(Map.of("query", "token=abc"));
        assertThat(replayed.steps()).extracting(RunSummary.StepLine::name, RunSummary.StepLine::status)
                .contains(Tuple.tuple("one", "reused"), Tuple.tuple("two", "completed"),
                        Tuple.tuple("three", "completed"));
        ExecutionRecord record = operations.execution(replay.executionId());
        assertThat(record.replayOf()).isEqualTo(source.executionId());
        assertThat(record.restartOf()).isNull();
        StoredEvent started = ledger.events(replay.executionId()).get(0);
        assertThat(started.context()).containsEntry("replay_of", String.valueOf(source.executionId()))
                .containsEntry("replay_from", "two");
        assertThat(ledger.events(replay.executionId())).filteredOn(e -> e.type() == EventType.STEP_REUSED)
                .extracting(StoredEvent::nodeName).containsExactlyInAnyOrder("start", "one");
        assertThat(verifier.verify(replay.executionId())).isEmpty();
    }

    @Test
    void replayMergesWorkloadOverridesOverTheSourceWorkload() throws Exception {
        RunSummary source = operations.start(ThreeCalls.PLAYBOOK, Map.of("base_url", stub.baseUrl()));
        try (LocalHttpStub other = new LocalHttpStub().on("/three", Answer.json(200, "{\"other\": \"{query}\"}"))) {
            RunSummary replayed = awaitEnd(operations.replay(source.executionId(), "three",
                    Map.of("base_url", other.baseUrl()), false));

            assertThat(replayed.status()).isEqualTo("COMPLETED");
            assertThat(other.calls("/three")).isOne();
            assertThat(stub.calls("/one")).isOne();
            assertThat(stub.calls("/two")).isOne();
            assertThat(replayed.result()).isEqualTo(Map.of("other", "token=abc"));
        }
    }

    @Test
    void replayRunsTheSourcesRevisionUnlessLatestIsAsked() throws Exception {
        Path file = dir.resolve("three-calls.yaml");
        Files.copy(ThreeCalls.PLAYBOOK, file);
        RunSummary source = operations.start(file, Map.of("base_url", stub.baseUrl()));
        Files.writeString(file, Files.readString(file).replace("/three\"", "/three-v2\""));
        revisions.record(new PlaybookCompiler().compile(file).graph().orElseThrow());

        RunSummary pinned = awaitEnd(operations.replay(source.executionId(), "three", Map.of(), false));
        assertThat(pinned.result()).isEqualTo(Map.of("query", "token=abc"));
        assertThat(stub.calls("/three-v2")).isZero();

        RunHandle latestHandle = operations.replay(source.executionId(), "three", Map.of(), true);
        RunSummary latest = awaitEnd(latestHandle);
        assertThat(latest.result()).isEqualTo(Map.of("v2", "token=abc"));
        assertThat(stub.calls("/three-v2")).isOne();
        assertThat(operations.execution(latestHandle.executionId()).playbookRevision())
                .isNotEqualTo(operations.execution(source.executionId()).playbookRevision());
        assertThat(stub.calls("/one")).isOne();
    }

    @Test
    void replayRefusesAnUnknownStepAndAStepThatDidNotRun() throws Exception {
        stub.on("/two", new Answer(500, "text/plain", "down"));
        RunSummary failed = operations.start(ThreeCalls.PLAYBOOK, Map.of("base_url", stub.baseUrl()));
        assertThat(failed.status()).isEqualTo("FAILED");

        assertThatThrownBy(() -> operations.replay(failed.executionId(), "thre", Map.of(), false))
                .isInstanceOf(ReplayRefusedException.class)
                .hasMessage("playbook tests/three_calls has no step 'thre'; did you mean `three`?");
        assertThatThrownBy(() -> operations.replay(failed.executionId(), "three", Map.of(), false))
                .isInstanceOf(ReplayRefusedException.class)
                .hasMessageStartingWith("step 'three' did not run in execution " + failed.executionId())
                .hasMessageContaining("replay from a step that ran: start, one");
        assertThatThrownBy(() -> operations.replay(987_654_321L, "one", Map.of(), false))
                .isInstanceOf(NoSuchExecutionException.class);

        stub.on("/two", Answer.json(200, "{}"));
        RunSummary replayed = awaitEnd(operations.replay(failed.executionId(), "two", Map.of(), false));
        assertThat(replayed.status()).as("a failed source replays from its failed step").isEqualTo("COMPLETED");
        assertThat(stub.calls("/one")).isOne();
    }

    private RunSummary awaitEnd(RunHandle handle) {
        Deadline.await(Duration.ofSeconds(30), "replay " + handle.executionId() + " to end", () -> {
            String status = operations.execution(handle.executionId()).status();
            return !"STARTING".equals(status) && !"STARTED".equals(status);
        });
        return operations.show(handle.executionId());
    }
}
