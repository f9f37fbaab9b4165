package io.playbatch.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.playbatch.testsupport.Deadline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admission line alone: turns, the bounded wait, refusals, the schedules' unrefused wait and the meters. */
class StartAdmissionLineTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    @Test
    void defaultConcurrencyIsAQuarterOfThePoolAndAtLeastOne() {
        assertThat(line(null, 0, Duration.ZERO, 20).concurrency()).isEqualTo(5);
        assertThat(line(null, 0, Duration.ZERO, 2).concurrency()).isEqualTo(1);
        assertThat(line(7, 0, Duration.ZERO, 20).concurrency()).isEqualTo(7);
    }

    @Test
    void aStartBeyondTheTurnsAndTheWaitingLineIsRefusedAtOnceWithoutRunning() throws Exception {
        StartAdmission line = line(1, 1, Duration.ofMinutes(1), 20);
        Future<String> first = threads.submit(() -> line.admit(this::held));
        Deadline.await(Duration.ofSeconds(5), "the first start to hold the turn", () -> line.inProgress() == 1);
        Future<String> second = threads.submit(() -> line.admit(() -> "second"));
        Deadline.await(Duration.ofSeconds(5), "the second start to wait", () -> line.waiting() == 1);

        CompletableFuture<Boolean> ranThird = new CompletableFuture<>();
        assertThatThrownBy(() -> line.admit(() -> ranThird.complete(true)))
                .isInstanceOf(StartsBusyException.class)
                .hasMessageContaining("the waiting line is full")
                .hasMessageContaining("playbatch.admission.max-waiting")
                .satisfies(e -> assertThat(((StartsBusyException) e).retryAfterSeconds()).isEqualTo(3));
        assertThat(ranThird).isNotDone();

        release.countDown();
        assertThat(first.get()).isEqualTo("held");
        assertThat(second.get()).isEqualTo("second");
        assertThat(meters.get("playbatch.admission.starts").tag("outcome", "admitted").counter().count()).isEqualTo(2);
        assertThat(meters.get("playbatch.admission.starts").tag("outcome", "refused").counter().count()).isEqualTo(1);
        assertThat(meters.get("playbatch.admission.in_progress").gauge().value()).isZero();
    }

    @Test
    void aWaitingStartIsRefusedWhenNoTurnComesWithinMaxWait() throws Exception {
        StartAdmission line = line(1, 5, Duration.ofMillis(50), 20);
        threads.submit(() -> line.admit(this::held));
        Deadline.await(Duration.ofSeconds(5), "the first start to hold the turn", () -> line.inProgress() == 1);

        assertThatThrownBy(() -> line.admit(() -> "late")).isInstanceOf(StartsBusyException.class)
                .hasMessageContaining("no turn came within 50 ms");
        assertThat(line.waiting()).isZero();
    }

    @Test
    void aScheduleFireWaitsForItsTurnHoweverFullTheLineIs() throws Exception {
        StartAdmission line = line(1, 0, Duration.ZERO, 20);
        threads.submit(() -> line.admit(this::held));
        Deadline.await(Duration.ofSeconds(5), "the first start to hold the turn", () -> line.inProgress() == 1);

        Future<String> fire = threads.submit(() -> line.await(() -> "fired"));
        assertThatThrownBy(() -> line.admit(() -> "refused")).isInstanceOf(StartsBusyException.class);
        assertThat(fire).isNotDone();
        release.countDown();
        assertThat(fire.get()).isEqualTo("fired");
    }

    private String held() throws InterruptedException {
        release.await();
        return "held";
    }

    private StartAdmission line(Integer maxConcurrent, int maxWaiting, Duration maxWait, int poolSize) {
        return new StartAdmission(new AdmissionProperties(maxConcurrent, maxWaiting, maxWait, Duration.ofSeconds(3)),
                poolSize, meters);
    }
}
