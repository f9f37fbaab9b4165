package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.ExecutionRecord;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch stop EXECUTION_ID}: asks a running execution, in whichever process, to stop gracefully. */
@Command(name = "stop", description = "Stop a running execution gracefully: nothing new starts, running tasks"
        + " finish, it ends STOPPED and can be restarted. Returns at once.")
class StopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "The running execution to stop.")
    String executionId;

    @Option(names = "--json", description = "Print the execution as JSON (ids as strings).")
    boolean json;

    @Mixin
    ServerOptions server;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        long id = IdCodec.parse("EXECUTION_ID", executionId);
        try (OperatorConnection connection = OperatorConnection.open(server, database)) {
            ExecutionRecord execution = connection.stop(id);
            var out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> document = ExecutionJson.of(execution);
                document.put("stop_requested", true);
                out.println(new JsonCodec().writePretty(document));
            } else {
                out.println("Execution " + id + " (run " + execution.runId() + ") of " + execution.playbookPath()
                        + ": stop requested. It ends STOPPED once its running tasks finish; follow it with"
                        + " 'playbatch show " + id + "', then 'playbatch restart " + id + "' runs the rest.");
            }
            out.flush();
        }
        return ExitCodes.OK;
    }
}
