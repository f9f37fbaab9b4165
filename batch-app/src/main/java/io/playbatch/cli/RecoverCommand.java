package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.ExecutionRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch recover [EXECUTION_ID]}: marks executions whose process died FAILED, so they can be restarted. */
@Command(name = "recover", description = "Mark an execution left running by a dead process FAILED (restartable);"
        + " without EXECUTION_ID, every dead one. Every process also does this on its own at start-up and periodically.")
class RecoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXECUTION_ID",
            description = "The execution to recover; omitted: all dead executions.")
    String executionId;

    @Option(names = "--json", description = "Print the recovered executions as a JSON list (ids as strings).")
    boolean json;

    @Mixin
    ServerOptions server;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        Long id = executionId == null ? null : IdCodec.parse("EXECUTION_ID", executionId);
        Map<String, Object> properties = new LinkedHashMap<>(ApplicationContexts.NO_WORKER);
        // This command reports what it recovered; the automatic pass of its own process would race it.
        properties.put("playbatch.recovery.enabled", "false");
        List<ExecutionRecord> recovered;
        try (OperatorConnection connection = OperatorConnection.open(server, database, properties)) {
            recovered = id == null ? connection.recoverDead() : List.of(connection.recover(id));
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(new JsonCodec().writePretty(recovered.stream().map(ExecutionJson::of).toList()));
        } else if (recovered.isEmpty()) {
            out.println("No dead execution: every running execution has a live manager or a worker still holds"
                    + " a lease on its tasks.");
        } else {
            for (ExecutionRecord execution : recovered) {
                out.println("Execution " + execution.executionId() + " (run " + execution.runId() + ") of "
                        + execution.playbookPath() + " is " + execution.status() + " (recovered); restart it with"
                        + " 'playbatch restart " + execution.executionId() + "'.");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
