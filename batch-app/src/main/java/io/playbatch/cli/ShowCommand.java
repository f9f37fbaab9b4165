package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.report.RunResume;
import io.playbatch.report.RunSummary;
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
            List<RunResume> resumes = connection.resumes(id);
            var out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>(SummaryJson.of(summary));
                document.put("revision", execution.playbookRevision());
                document.put("restart_of", IdCodec.format(execution.restartOf()));
                document.put("replay_of", IdCodec.format(execution.replayOf()));
                document.put("parent_execution_id", IdCodec.format(execution.parentExecutionId()));
                document.put("started_at", execution.startedAt() == null ? null : execution.startedAt().toString());
                document.put("ended_at", execution.endedAt() == null ? null : execution.endedAt().toString());
                document.put("resumes", resumes.stream().map(ShowCommand::resumeJson).toList());
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
                for (RunResume resume : resumes) {
                    out.println("  resumed  execution " + resume.deadExecutionId() + " as execution "
                            + resume.executionId() + " (resume " + resume.number() + "; manager "
                            + resume.deadManagerId() + " died, " + resume.newManagerId() + " took over at "
                            + resume.at() + ")");
                }
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** One resume as the API's execution detail writes it (docs/api.md). */
    private static Map<String, Object> resumeJson(RunResume resume) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dead_execution_id", IdCodec.format(resume.deadExecutionId()));
        json.put("execution_id", IdCodec.format(resume.executionId()));
        json.put("dead_manager_id", resume.deadManagerId());
        json.put("new_manager_id", resume.newManagerId());
        json.put("resume", resume.number());
        json.put("at", resume.at() == null ? null : resume.at().toString());
        return json;
    }
}
