package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.LocalHttpStub.Answer;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.DatabaseRunTest;
import io.playbatch.testsupport.ThreeCalls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Restarting a failed run: a new execution of the same run that reuses completed steps (docs/operations.md). */
@SpringBootTest
class RestartTest extends DatabaseRunTest {

    private final LocalHttpStub stub = ThreeCalls.failingAtThree();

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void restartReusesCompletedStepsWithoutCallingThemAgainAndRunsTheFailedOne() throws Exception {
        RunSummary failed = operations.start(ThreeCalls.PLAYBOOK, Map.of("base_url", stub.baseUrl()));
        assertThat(failed.status()).isEqualTo("FAILED");

        ThreeCalls.repair(stub);
        RunSummary restarted = operations.restart(failed.executionId());

        assertThat(restarted.status()).isEqualTo("COMPLETED");
        assertThat(restarted.runId()).isEqualTo(failed.runId());
        assertThat(restarted.executionId()).isGreaterThan(failed.executionId());
        assertThat(stub.calls("/one")).isOne();
        assertThat(stub.calls("/two")).isOne();
        assertThat(stub.calls("/three")).isEqualTo(2);
        // The reused result of step one feeds step three's template in the new execution.
        assertThat(restarted.result()).isEqualTo(Map.of("query", "token=abc"));
        assertThat(restarted.steps()).extracting(RunSummary.StepLine::name, RunSummary.StepLine::status)
                .contains(org.assertj.core.groups.Tuple.tuple("one", "reused"),
                        org.assertj.core.groups.Tuple.tuple("two", "reused"),
                        org.assertj.core.groups.Tuple.tuple("three", "completed"));

        assertThat(jdbc.queryForObject("SELECT restart_of FROM execution WHERE execution_id = ?", Long.class,
                restarted.executionId())).isEqualTo(failed.executionId());
        assertThat(jdbc.queryForList("SELECT step_name FROM batch_step_execution WHERE job_execution_id = ?",
                String.class, restarted.executionId())).doesNotContain("one", "two").contains("three");
        assertThat(ledger.events(restarted.executionId()).stream().filter(e -> e.type() == EventType.STEP_REUSED)
                .map(StoredEvent::nodeName)).containsExactlyInAnyOrder("start", "one", "two");
        assertThat(verifier.verify(restarted.executionId())).isEmpty();
    }

    @Test
    void twoRestartsAskedAtOnceStartOneAndTheOtherIsRefused() throws Exception {
        RunSummary failed = operations.start(ThreeCalls.PLAYBOOK, Map.of("base_url", stub.baseUrl()));
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        List<java.util.concurrent.CompletableFuture<Object>> clicks = java.util.stream.IntStream.range(0, 2)
                .mapToObj(i -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await();
                        return (Object) operations.submitRestart(failed.executionId(), "web");
                    } catch (NotRestartableException refused) {
                        return refused;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })).toList();
        List<Object> outcomes = new java.util.ArrayList<>();
        for (var click : clicks) {
            outcomes.add(click.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }

        assertThat(outcomes).filteredOn(RunHandle.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(NotRestartableException.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((Exception) e).getMessage()).contains("is already being restarted"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM execution WHERE restart_of = ?", Integer.class,
                failed.executionId())).isOne();
        long restarted = outcomes.stream().filter(RunHandle.class::isInstance).map(RunHandle.class::cast)
                .findFirst().orElseThrow().executionId();
        io.playbatch.testsupport.Deadline.await(java.time.Duration.ofSeconds(60), "the restart to end",
                () -> !"STARTED".equals(operations.execution(restarted).status())
                        && !"STARTING".equals(operations.execution(restarted).status()));
        assertThatThrownBy(() -> operations.abandon(failed.executionId(), "old"))
                .isInstanceOf(NotRestartableException.class)
                .hasMessageContaining("abandon execution " + restarted + " instead");
    }

    @Test
    void onlyTheLatestFailedExecutionOfARunCanBeRestarted() throws Exception {
        RunSummary failed = operations.start(ThreeCalls.PLAYBOOK, Map.of("base_url", stub.baseUrl()));
        RunSummary failedAgain = operations.restart(failed.executionId());
        assertThat(failedAgain.status()).isEqualTo("FAILED");

        assertThatThrownBy(() -> operations.restart(failed.executionId())).isInstanceOf(NotRestartableException.class)
                .hasMessageContaining("not the latest of run " + failed.runId())
                .hasMessageContaining("restart execution " + failedAgain.executionId());

        stub.on("/three", Answer.json(200, "{}"));
        RunSummary done = operations.restart(failedAgain.executionId());
        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(stub.calls("/one")).isOne();
        assertThatThrownBy(() -> operations.restart(done.executionId())).isInstanceOf(NotRestartableException.class)
                .hasMessageContaining("is COMPLETED; only a FAILED or STOPPED execution can be restarted");
    }

    @Test
    void anAbandonedExecutionCanNeverBeRestarted() throws Exception {
        RunSummary failed = operations.start(ThreeCalls.PLAYBOOK, Map.of("base_url", stub.baseUrl()));

        assertThat(operations.abandon(failed.executionId(), "target retired").status()).isEqualTo("ABANDONED");

        assertThat(jdbc.queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?", String.class,
                failed.executionId())).isEqualTo("ABANDONED");
        assertThat(ledger.events(failed.executionId())).filteredOn(e -> e.type() == EventType.EXECUTION_ABANDONED)
                .singleElement().satisfies(e -> assertThat(e.context()).containsEntry("reason", "target retired"));
        assertThatThrownBy(() -> operations.restart(failed.executionId())).isInstanceOf(NotRestartableException.class)
                .hasMessageContaining("is ABANDONED");
        assertThatThrownBy(() -> operations.abandon(failed.executionId(), null))
                .isInstanceOf(NotRestartableException.class).hasMessageContaining("only a FAILED or STOPPED");
        assertThat(verifier.verify(failed.executionId())).isEmpty();
    }
}
