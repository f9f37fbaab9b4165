package io.playbatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.LocalHttpStub.Answer;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.PlaybookFiles;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 12 acceptance 3, short form: every Playbatch connection is terminated by the server
 * ({@code pg_terminate_backend}) several times while a loop of 100 HTTP calls runs. The run still
 * completes, every iteration's call was made exactly once (a counting stub), and nothing is lost.
 */
@SpringBootTest(properties = {"playbatch.loop.partitions=4", "playbatch.queue.poll-interval=100ms",
        "playbatch.worker.heartbeat=500ms", "playbatch.manager.heartbeat=300ms"})
class TerminatedConnectionsRunTest extends PlaybookRunTest {

    private static final int ITEMS = 100;
    private static final int ROUNDS = 5;
    private static final LocalHttpStub STUB = new LocalHttpStub();
    private static final TestDatabase DATABASE = TestDatabases.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @TempDir
    Path dir;

    @Test
    void aLoopRidesOutRepeatedlyTerminatedConnectionsWithNothingLostOrDuplicated() throws Exception {
        for (int i = 0; i < ITEMS; i++) {
            // Each call takes a little while, so the rounds of termination fall in the middle of the loop.
            STUB.on("/item/" + i, Answer.json(200, "{\"i\": " + i + "}"));
        }
        Path playbook = PlaybookFiles.write(dir, "terminated_loop", """
                workload:
                  items: %s
                workflow:
                  - step: start
                    next: [ calls ]
                  - step: calls
                    loop: { over: "$workload.items", as: item, mode: parallel, max_parallel: 4 }
                    type: http
                    args: { url: "${workload.base_url}/item/${index}" }
                    next: [ end ]
                  - step: end
                """.formatted(IntStream.range(0, ITEMS).boxed().toList()));
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return operations.start(playbook, Map.of("base_url", STUB.baseUrl()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Integer> terminated = new ArrayList<>();
        for (int round = 0; round < ROUNDS && !run.isDone(); round++) {
            awaitCalls(round * ITEMS / (ROUNDS + 1) + 5, run);
            terminated.add(terminateEveryPlaybatchConnection());
        }
        RunSummary summary = run.get(120, TimeUnit.SECONDS);

        assertThat(terminated).as("connections terminated per round").isNotEmpty().allMatch(n -> n > 0);
        assertThat(summary.status()).as("status (error: %s)", summary.error()).isEqualTo("COMPLETED");
        List<Integer> callsPerItem = IntStream.range(0, ITEMS).map(i -> STUB.calls("/item/" + i)).boxed().toList();
        assertThat(callsPerItem).as("calls of each item: 0 lost, 0 duplicated").allMatch(n -> n == 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = ? AND status = 'done'",
                Integer.class, summary.executionId())).isEqualTo(ITEMS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE execution_id = ?"
                + " AND event_type = 'task_completed' AND current_index IS NOT NULL", Integer.class,
                summary.executionId())).as("each iteration's end recorded once").isEqualTo(ITEMS);
    }

    private static void awaitCalls(int calls, CompletableFuture<RunSummary> run) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!run.isDone() && totalCalls() < calls && System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static int totalCalls() {
        return IntStream.range(0, ITEMS).map(i -> STUB.calls("/item/" + i)).sum();
    }

    /** Terminates every backend of the test database but the one asking, as an administrator would. */
    private static int terminateEveryPlaybatchConnection() throws Exception {
        try (Connection admin = DriverManager.getConnection(DATABASE.url(), DATABASE.user(),
                DATABASE.password() == null ? "" : DATABASE.password());
                Statement statement = admin.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                        + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
