package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.DatabaseRunTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;

/** However the path of one file is typed, its runs are one job with one history. */
@SpringBootTest
class JobIdentityTest extends DatabaseRunTest {

    private static final Path HELLO = Path.of("../job-configs/examples/hello.yaml");

    @Test
    void everySpellingOfOneFileIsOneJobAndOneHistory(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("hello.yaml"), HELLO.toAbsolutePath());
        List<Path> spellings = List.of(HELLO, HELLO.toAbsolutePath(),
                Path.of("./../batch-app/../job-configs/examples/./hello.yaml"), link);

        List<Long> executions = new ArrayList<>();
        for (Path spelling : spellings) {
            RunSummary run = operations.start(spelling, Map.of());
            assertThat(run.status()).as(spelling.toString()).isEqualTo("COMPLETED");
            assertThat(run.playbook()).as(spelling.toString()).isEqualTo("examples/hello");
            executions.add(run.executionId());
        }

        // Other classes sharing this context's database run examples/hello too: only these runs count.
        for (long execution : executions) {
            assertThat(jdbc.queryForObject("SELECT i.job_name FROM batch_job_execution e JOIN batch_job_instance i"
                    + " ON i.job_instance_id = e.job_instance_id WHERE e.job_execution_id = ?", String.class, execution))
                    .isEqualTo("examples/hello");
            assertThat(jdbc.queryForObject("SELECT playbook_path FROM execution WHERE execution_id = ?", String.class,
                    execution)).isEqualTo("examples/hello");
        }
        assertThat(operations.list("examples/hello", 1000, 0)).extracting(ExecutionRecord::executionId)
                .containsAll(executions);
    }
}
