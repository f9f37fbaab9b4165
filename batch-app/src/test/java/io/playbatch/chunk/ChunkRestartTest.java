package io.playbatch.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.runtime.PlaybookLauncher;
import io.playbatch.testsupport.ChildJvm;
import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The acceptance test: a chunk step copies 100,000 rows (1,000,000 in ops/soak) with a processor; its process is
 * killed (kill -9) halfway; the dead execution is recovered (marked FAILED) and restarted as the
 * same run; the target then holds every source row exactly once, transformed.
 */
@Tag("slow")
@SpringBootTest
class ChunkRestartTest {

    // 100,000 rows (10 chunks) prove resume-not-restart in the suite; ops/soak runs the million.
    private static final int ROWS = Integer.getInteger("playbatch.test.chunk-rows", 100_000);
    private static final TestDatabase DATABASE = TestDatabases.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlaybookLauncher launcher;

    @Autowired
    JobOperator jobOperator;

    @Autowired
    JobRepository jobRepository;

    @Autowired
    ExecutionRepository executions;

    @Autowired
    EventLedger ledger;

    @TempDir
    Path dir;

    @Test
    void killedHalfwayAndRestartedCopiesEveryRowExactlyOnce() throws Exception {
        long began = System.nanoTime();
        jdbc.execute("CREATE TABLE big_source (id bigint PRIMARY KEY, name text NOT NULL)");
        jdbc.execute("CREATE TABLE big_target (id bigint PRIMARY KEY, label text NOT NULL)");
        jdbc.execute("INSERT INTO big_source SELECT g, 'row' || g FROM generate_series(1, " + ROWS + ") g");
        Path playbook = dir.resolve("big_copy.yaml");
        Files.writeString(playbook, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: big_copy
                workflow:
                  - step: start
                    next: [ copy ]
                  - step: copy
                    type: chunk
                    args:
                      reader: { type: sql, query: "select id, name from big_source", key: id }
                      processor: { type: map, fields: { id: "$item.id", label: "${item.name}-copied" } }
                      writer: { type: sql, table: big_target, mode: upsert, key: id }
                      chunk_size: 10000
                    next: [ end ]
                  - step: end
                """);

        Path log = dir.resolve("child.log");
        List<String> command = ChildJvm.command("512m", ChunkCopyProcess.class);
        command.addAll(List.of(DATABASE.url(), DATABASE.user(), playbook.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Deadline.await(Duration.ofSeconds(120), "the child to copy half of the rows (log: " + log + ")",
                    () -> {
                        if (!child.isAlive()) {
                            throw new AssertionError("the child exited early: " + read(log));
                        }
                        return targetCount() >= ROWS / 2;
                    });
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        long afterKill = targetCount();
        assertThat(afterKill).as("killed before the end").isLessThan(ROWS);
        long killedAt = System.nanoTime();

        Long dead = jdbc.queryForObject("SELECT job_execution_id FROM batch_job_execution WHERE status = 'STARTED'",
                Long.class);
        JobExecution recovered = jobOperator.recover(jobRepository.getJobExecution(dead));
        assertThat(recovered.getStatus()).isEqualTo(BatchStatus.FAILED);

        PlaybookGraph graph = new PlaybookCompiler().compile(playbook).graph().orElseThrow();
        JobExecution restarted = launcher.restart(graph, dead);
        long restartedAt = System.nanoTime();

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstanceId()).isEqualTo(recovered.getJobInstanceId());
        assertThat(executions.find(restarted.getId()).orElseThrow().restartOf()).isEqualTo(dead);
        assertThat(targetCount()).isEqualTo(ROWS);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT id) FROM big_target", Long.class)).isEqualTo(ROWS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM (SELECT id FROM big_source EXCEPT SELECT id FROM"
                + " big_target) missing", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM big_target t JOIN big_source s USING (id)"
                + " WHERE t.label <> s.name || '-copied'", Long.class)).isZero();
        // The restart read only what the dead process had not committed: it resumed, it did not start over.
        Long resumedReads = jdbc.queryForObject("SELECT read_count FROM batch_step_execution WHERE"
                + " job_execution_id = ? AND step_name = 'copy'", Long.class, restarted.getId());
        assertThat(resumedReads).isLessThanOrEqualTo(ROWS - afterKill + 10_000).isPositive();
        // The ledger tells the same story: the restart's own step_completed carries its counts.
        StoredEvent completed = ledger.events(restarted.getId()).stream()
                .filter(e -> e.type() == EventType.STEP_COMPLETED && "copy".equals(e.nodeName())).findFirst()
                .orElseThrow();
        assertThat(((Map<?, ?>) ((Map<?, ?>) completed.result()).get("data")).get("read"))
                .isEqualTo(resumedReads.intValue());
        assertThat(ledger.events(restarted.getId())).filteredOn(e -> e.type() == EventType.EXECUTION_COMPLETE)
                .singleElement().satisfies(e -> assertThat(e.status()).isEqualTo("COMPLETED"));
        System.out.printf("chunk restart test: first run to kill %.1f s (killed at %d rows), restart %.1f s%n",
                (killedAt - began) / 1e9, afterKill, (restartedAt - killedAt) / 1e9);
    }

    private long targetCount() {
        return jdbc.queryForObject("SELECT count(*) FROM big_target", Long.class);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
