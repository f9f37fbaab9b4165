package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.operate.RunHandle;
import io.playbatch.report.RunSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code playbatch replay EXECUTION_ID --from STEP}: a new run from a chosen step, the earlier steps'
 * results carried over. Without a server this process manages the replay, so it lives until the replay
 * ends (showing its progress on standard error once it takes a while); next to a server, the server runs
 * it and the command returns at once unless {@code --wait}. The new ids are printed at once either way.
 */
@Command(name = "replay", description = "Replay an execution as a new run from STEP: earlier steps are reused,"
        + " STEP and what follows it run again, optionally with a changed workload or the latest revision.",
        sortOptions = false)
class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "The execution to replay.")
    String executionId;

    @Option(names = "--from", required = true, paramLabel = "STEP", description = "The first step to run again.")
    String fromStep;

    @Mixin
    WorkloadOptions workload;

    @Option(names = "--latest", description = "Run the newest recorded revision of the playbook instead of the source's.")
    boolean latest;

    @Option(names = "--wait", description = "Print the summary when the replay ends, and exit 1 if it did not complete.")
    boolean waitForEnd;

    @Option(names = "--json", description = "Print JSON (ids as strings).")
    boolean json;

    @Mixin
    ServerOptions server;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        long id = IdCodec.parse("EXECUTION_ID", executionId);
        Map<String, Object> overrides = workload.overrides();
        try (OperatorConnection connection = OperatorConnection.open(server, database, Map.of())) {
            RunHandle replay = connection.replay(id, fromStep, overrides, latest);
            var out = spec.commandLine().getOut();
            if (!waitForEnd) {
                if (json) {
                    Map<String, Object> document = new LinkedHashMap<>();
                    document.put("execution_id", IdCodec.format(replay.executionId()));
                    document.put("run_id", IdCodec.format(replay.runId()));
                    document.put("replay_of", IdCodec.format(id));
                    out.println(new JsonCodec().writePretty(document));
                } else {
                    out.println("Replay of execution " + id + " from " + fromStep + ": execution "
                            + replay.executionId() + " (run " + replay.runId() + "); follow it with 'playbatch show "
                            + replay.executionId() + "'.");
                }
                out.flush();
                if (!connection.runsHere()) {
                    // The server runs the replay: nothing here needs to live until it ends.
                    return ExitCodes.OK;
                }
            }
            // Without a server this process runs the replay's job: leaving before it ends would leave it to recovery.
            String status = new ProgressPrinter(connection::progress, spec.commandLine().getErr())
                    .await(replay.executionId());
            if (!waitForEnd) {
                return ExitCodes.OK;
            }
            RunSummary summary = connection.summary(replay.executionId());
            out.print(json ? new JsonCodec().writePretty(SummaryJson.of(summary)) + System.lineSeparator()
                    : SummaryText.of(summary));
            out.flush();
            return "COMPLETED".equals(status) ? ExitCodes.OK : ExitCodes.RUN_FAILED;
        }
    }
}
