package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code register} and {@code schedule ...} end to end through the command line. */
class ScheduleCommandsTest {

    private final TestDatabase database = TestDatabases.create();
    private StringWriter out;
    private StringWriter err;

    @TempDir
    Path dir;

    @Test
    void registerPauseResumeAndBackfillThroughTheCommandLine() throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: broken }
                workflow:
                  - step: start
                schedules:
                  - { cron: "0 6 * * * *", timezone: UTC }
                """);
        assertThat(run("register", broken.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("broken.yaml:7:13").contains("PB044");

        assertThat(run("register", "../job-configs/examples/scheduled.yaml")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Registered examples/scheduled at revision")
                .contains("schedule examples/scheduled#0: 30 6 * * 1-5 (Europe/Paris), NORMAL");
        assertThat(run("register", "../job-configs/examples/scheduled.yaml", "--json")).isEqualTo(ExitCodes.OK);
        Map<String, Object> again = new JsonCodec().readMap(out.toString());
        assertThat(again.get("outcome")).isEqualTo("unchanged");
        assertThat(again.get("schedule_count")).isEqualTo(2);

        assertThat(run("schedule", "pause", "examples/scheduled#1", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("\"state\" : \"PAUSED\"");
        assertThat(run("schedule", "resume", "examples/scheduled#1")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("examples/scheduled#1").contains("NORMAL");
        assertThat(run("schedule", "pause", "examples/nothing#0")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("No schedule examples/nothing#0");

        assertThat(run("schedule", "backfill", "examples/scheduled#1", "--from", "yesterday", "--to", "2026-01-01"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--from yesterday is not an ISO-8601 time");
        assertThat(run("schedule", "backfill", "examples/scheduled#1", "--from", "2026-01-01T00:00:00Z",
                "--to", "2026-01-01T00:10:00Z", "--only-missing")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("[1/2] tick 2026-01-01T00:00:00Z: started execution")
                .contains("[2/2] tick 2026-01-01T00:10:00Z: started execution").contains("2 run(s) started");
        assertThat(run("schedule", "list", "--json")).isEqualTo(ExitCodes.OK);
        @SuppressWarnings("unchecked")
        List<Object> schedules = (List<Object>) new JsonCodec().read(out.toString());
        assertThat(schedules).hasSize(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> second = (Map<String, Object>) schedules.get(1);
        assertThat(second.get("last_tick_at")).isEqualTo("2026-01-01T00:10:00Z");
        assertThat((String) second.get("last_execution_id")).matches("\\d+");
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", database.url(), "--db-user", database.user()));
        if (database.password() != null) {
            all.addAll(List.of("--db-password", database.password()));
        }
        return PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    }
}
