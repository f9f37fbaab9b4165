package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** However the path of one file is typed, its runs are one job with one history. */
@SpringBootTest
class JobIdentityTest extends PlaybookRunTest {

    private static final Path HELLO = Path.of("../job-configs/examples/hello.yaml");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }

    @Test
    void everySpellingOfOneFileIsOneJobAndOneHistory(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("hello.yaml"), HELLO.toAbsolutePath());
        List<Path> spellings = List.of(HELLO, HELLO.toAbsolutePath(),
                Path.of("./../batch-app/../job-configs/examples/./hello.yaml"), link);

        for (Path spelling : spellings) {
            RunSummary run = operations.start(spelling, Map.of());
            assertThat(run.status()).as(spelling.toString()).isEqualTo("COMPLETED");
            assertThat(run.playbook()).as(spelling.toString()).isEqualTo("examples/hello");
        }

        assertThat(jdbc.queryForList("SELECT DISTINCT job_name FROM batch_job_instance", String.class))
                .containsExactly("examples/hello");
        assertThat(jdbc.queryForList("SELECT DISTINCT playbook_path FROM execution", String.class))
                .containsExactly("examples/hello");
        assertThat(operations.list("examples/hello", 10, 0)).hasSize(spellings.size());
    }
}
