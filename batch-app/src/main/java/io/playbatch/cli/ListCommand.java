package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.operate.OperationsService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch list}: executions, newest first. */
@Command(name = "list", description = "List executions, newest first.")
class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--playbook", paramLabel = "PATH", description = "Only executions of this catalog path.")
    String playbook;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N rows (default 20).")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the first N rows.")
    int offset;

    @Option(names = "--json", description = "Print JSON (ids as strings).")
    boolean json;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        if (limit < 1 || offset < 0) {
            throw new UsageException("--limit must be 1 or more and --offset 0 or more");
        }
        try (ConfigurableApplicationContext context = ApplicationContexts.open(database, ApplicationContexts.NO_WORKER)) {
            List<ExecutionRecord> rows = context.getBean(OperationsService.class).list(playbook, limit, offset);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(new JsonCodec().writePretty(rows.stream().map(ListCommand::toJson).toList()));
            } else if (rows.isEmpty()) {
                out.println("No executions yet. Start one with: playbatch run FILE");
            } else {
                out.printf("%-12s %-10s %-10s %-28s %s%n", "EXECUTION", "RUN", "STATUS", "STARTED", "PLAYBOOK (DURATION)");
                for (ExecutionRecord row : rows) {
                    out.printf("%-12d %-10d %-10s %-28s %s%s%n", row.executionId(), row.runId(), row.status(),
                            row.startedAt() == null ? "-" : row.startedAt().toString(), row.playbookPath(),
                            duration(row));
                }
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static String duration(ExecutionRecord row) {
        if (row.startedAt() == null || row.endedAt() == null) {
            return "";
        }
        return " (" + Duration.between(row.startedAt(), row.endedAt()).toMillis() + " ms)";
    }

    private static Map<String, Object> toJson(ExecutionRecord row) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("execution_id", IdCodec.format(row.executionId()));
        json.put("run_id", IdCodec.format(row.runId()));
        json.put("playbook", row.playbookPath());
        json.put("revision", row.playbookRevision());
        json.put("status", row.status());
        json.put("restart_of", IdCodec.format(row.restartOf()));
        json.put("replay_of", IdCodec.format(row.replayOf()));
        json.put("parent_execution_id", IdCodec.format(row.parentExecutionId()));
        json.put("created_at", String.valueOf(row.createdAt()));
        json.put("started_at", row.startedAt() == null ? null : row.startedAt().toString());
        json.put("ended_at", row.endedAt() == null ? null : row.endedAt().toString());
        json.put("error", row.error());
        return json;
    }
}
