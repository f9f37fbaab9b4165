package io.playbatch.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.DatabaseRunTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A step's {@code timeout} through the real worker: the watchdog interrupts the command task,
 * which kills the child and its background grandchild before the attempt fails with {@code timeout}.
 */
@SpringBootTest
class ProcessTimeoutRunTest extends DatabaseRunTest {

    @Test
    void aTimedOutCommandStepLeavesNoProcessBehind() throws Exception {
        String marker = "sleep 5" + (100 + (int) (Math.random() * 800));
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return operations.start(Path.of("src/test/resources/playbooks/command-timeout.yaml"),
                        Map.of("script", marker + " & " + marker + "; wait"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Deadline.await(Duration.ofSeconds(5), "both sleeps to start", () -> CommandTaskTest.sleeps(marker).size() == 2);
        List<ProcessHandle> sleeps = CommandTaskTest.sleeps(marker);

        RunSummary summary = run.get(60, TimeUnit.SECONDS);

        assertThat(summary.status()).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT error->>'type' FROM event WHERE execution_id = ?"
                + " AND event_type = 'task_failed'", String.class, summary.executionId())).isEqualTo("timeout");
        Deadline.await(Duration.ofSeconds(10), "the sleeps to be killed", () -> sleeps.stream().noneMatch(
                p -> ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)));
    }
}
