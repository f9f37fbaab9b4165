package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.ledger.ExecutionRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch abandon EXECUTION_ID}: gives up a failed or stopped run for good. */
@Command(name = "abandon", description = "Abandon a FAILED or STOPPED execution: its run can never be restarted.")
class AbandonCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "The execution to abandon.")
    String executionId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; kept in the execution_abandoned event.")
    String reason;

    @Mixin
    ServerOptions server;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        long id = IdCodec.parse("EXECUTION_ID", executionId);
        try (OperatorConnection connection = OperatorConnection.open(server, database)) {
            ExecutionRecord abandoned = connection.abandon(id, reason);
            spec.commandLine().getOut().println("Execution " + id + " (run " + abandoned.runId() + ") of "
                    + abandoned.playbookPath() + " is " + abandoned.status() + "; it can no longer be restarted.");
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
