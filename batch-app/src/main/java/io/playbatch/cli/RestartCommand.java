package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.operate.RunHandle;
import io.playbatch.report.RunSummary;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code playbatch restart EXECUTION_ID}: the next execution of a failed or stopped run, reusing completed
 * steps. Next to a server the server runs it and this command waits for its end; otherwise this process does.
 */
@Command(name = "restart",
        description = "Restart a FAILED or STOPPED execution: completed steps are reused, only the rest run again.")
class RestartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "The latest execution of the run to restart.")
    String executionId;

    @Option(names = "--json", description = "Print the new execution's summary as JSON (ids as strings).")
    boolean json;

    @Mixin
    ServerOptions server;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        long id = IdCodec.parse("EXECUTION_ID", executionId);
        // Without a server this process runs the restarted job, so it needs the workers a run has.
        try (OperatorConnection connection = OperatorConnection.open(server, database, Map.of())) {
            RunHandle restarted = connection.restart(id);
            new ProgressPrinter(connection::progress, spec.commandLine().getErr()).await(restarted.executionId());
            RunSummary summary = connection.summary(restarted.executionId());
            var out = spec.commandLine().getOut();
            out.print(json ? new JsonCodec().writePretty(SummaryJson.of(summary)) + System.lineSeparator()
                    : SummaryText.of(summary));
            out.flush();
            return "COMPLETED".equals(summary.status()) ? ExitCodes.OK : ExitCodes.RUN_FAILED;
        }
    }
}
