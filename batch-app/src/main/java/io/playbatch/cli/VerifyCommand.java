package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.operate.OperationsService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch verify EXECUTION_ID}: rebuilds an execution's snapshots from its events and reports differences. */
@Command(name = "verify",
        description = "Rebuild an execution's snapshots from its events and report any difference (changes nothing).")
class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "The execution to check.")
    String executionId;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        long id = IdCodec.parse("EXECUTION_ID", executionId);
        try (ConfigurableApplicationContext context = ApplicationContexts.open(database, ApplicationContexts.NO_WORKER)) {
            List<String> differences = context.getBean(OperationsService.class).verify(id);
            var out = spec.commandLine().getOut();
            if (differences.isEmpty()) {
                out.println("Execution " + id + ": snapshots match the events.");
            } else {
                out.println("Execution " + id + ": " + differences.size() + " snapshot difference"
                        + (differences.size() == 1 ? "" : "s") + ":");
                differences.forEach(d -> out.println("  " + d));
            }
            out.flush();
            return differences.isEmpty() ? ExitCodes.OK : ExitCodes.RUN_FAILED;
        }
    }
}
