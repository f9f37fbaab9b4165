package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.InvalidFilterException;
import io.playbatch.report.ExecutionPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code playbatch list}: executions, newest first, filtered by playbook, status, creation time and
 * labels, one page at a time (the same filters as {@code GET /api/v1/executions}).
 */
@Command(name = "list", description = "List executions, newest first.")
class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--playbook", paramLabel = "PATH", description = "Only executions of this catalog path.")
    String playbook;

    @Option(names = "--status", paramLabel = "STATUS[,STATUS...]", split = ",",
            description = "Only these statuses (STARTING, STARTED, COMPLETED, FAILED, STOPPED, ABANDONED); repeatable.")
    List<String> statuses = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only executions created at or after TIME (2026-11-25T10:00:00Z or 2026-11-25).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only executions created before TIME.")
    String until;

    @Option(names = "--label", paramLabel = "KEY=VALUE",
            description = "Only executions whose playbook had this label (metadata.labels); repeatable, all must match.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "At most N rows (1 to 500, default 20).")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the first N rows.")
    int offset;

    @Option(names = "--page", paramLabel = "P", description = "Page P (1 = newest) of --limit rows; instead of --offset.")
    Integer page;

    @Option(names = "--json", description = "Print JSON (ids as strings).")
    boolean json;

    @Mixin
    ServerOptions server;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        if (limit < 1 || limit > ExecutionFilter.MAX_LIMIT || offset < 0) {
            throw new UsageException("--limit must be between 1 and " + ExecutionFilter.MAX_LIMIT
                    + " and --offset 0 or more");
        }
        if (page != null && (page < 1 || offset != 0)) {
            throw new UsageException(page < 1 ? "--page starts at 1" : "give either --page or --offset, not both");
        }
        int skip = page == null ? offset : (page - 1) * limit;
        ExecutionFilter filter;
        try {
            filter = ExecutionFilter.parse(playbook, statuses, since, until, labels, limit, skip);
        } catch (InvalidFilterException e) {
            throw new UsageException("--" + e.getMessage());
        }
        try (OperatorConnection connection = OperatorConnection.open(server, database)) {
            ExecutionPage result = connection.list(filter);
            List<ExecutionRecord> rows = result.executions();
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(new JsonCodec().writePretty(rows.stream().map(ListCommand::toJson).toList()));
            } else if (rows.isEmpty()) {
                out.println(filtered(filter) ? "No executions match these filters."
                        : skip > 0 ? "No executions on this page." : "No executions yet. Start one with: playbatch run FILE");
            } else {
                out.printf("%-12s %-10s %-10s %-28s %s%n", "EXECUTION", "RUN", "STATUS", "STARTED", "PLAYBOOK (DURATION)");
                for (ExecutionRecord row : rows) {
                    out.printf("%-12d %-10d %-10s %-28s %s%s%n", row.executionId(), row.runId(), row.status(),
                            row.startedAt() == null ? "-" : row.startedAt().toString(), row.playbookPath(),
                            duration(row));
                }
                if (result.hasMore()) {
                    out.println("More executions: add --page " + (skip / limit + 2) + " (or --offset "
                            + (skip + rows.size()) + ")");
                }
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static boolean filtered(ExecutionFilter filter) {
        return filter.playbookPath() != null || !filter.statuses().isEmpty() || filter.since() != null
                || filter.until() != null || !filter.labels().isEmpty();
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
