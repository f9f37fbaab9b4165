package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.operate.RunSummary;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch show EXECUTION_ID}: one execution, its lineage and its steps. */
@Command(name = "show", description = "Show one execution: lineage, times, error, and every step with its counts.")
class ShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "The execution to show.")
    String executionId;

    @Option(names = "--json", description = "Print JSON (ids as strings).")
    boolean json;

    @Mixin
    ServerOptions server;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        long id = IdCodec.parse("EXECUTION_ID", executionId);
        try (OperatorConnection connection = OperatorConnection.open(server, database)) {
            ExecutionRecord execution = connection.execution(id);
            RunSummary summary = connection.summary(id);
            var out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> document = new java.util.LinkedHashMap<>(SummaryJson.of(summary));
                document.put("revision", execution.playbookRevision());
                document.put("restart_of", IdCodec.format(execution.restartOf()));
                document.put("replay_of", IdCodec.format(execution.replayOf()));
                document.put("parent_execution_id", IdCodec.format(execution.parentExecutionId()));
                document.put("started_at", execution.startedAt() == null ? null : execution.startedAt().toString());
                document.put("ended_at", execution.endedAt() == null ? null : execution.endedAt().toString());
                out.println(new JsonCodec().writePretty(document));
            } else {
                out.print(SummaryText.of(summary));
                out.println("  revision " + execution.playbookRevision());
                out.println("  started  " + execution.startedAt() + ", ended " + execution.endedAt());
                if (execution.restartOf() != null) {
                    out.println("  restart of execution " + execution.restartOf());
                }
                if (execution.parentExecutionId() != null) {
                    out.println("  child of execution " + execution.parentExecutionId());
                }
                if (execution.error() != null) {
                    out.println("  error    " + new JsonCodec().write(execution.error()));
                }
            }
            out.flush();
        }
        return ExitCodes.OK;
    }
}
