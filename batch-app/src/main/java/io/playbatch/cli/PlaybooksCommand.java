package io.playbatch.cli;

import io.playbatch.catalog.RegisteredPlaybook;
import io.playbatch.json.JsonCodec;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch playbooks}: the registered playbooks with their current revision. */
@Command(name = "playbooks", description = "List registered playbooks with their current revision and schedule count.")
class PlaybooksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    ServerOptions server;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        try (OperatorConnection connection = OperatorConnection.open(server, database)) {
            List<RegisteredPlaybook> playbooks = connection.playbooks();
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(new JsonCodec().writePretty(playbooks.stream().map(RegisterCommand::playbookJson).toList()));
            } else if (playbooks.isEmpty()) {
                out.println("No registered playbooks yet. Register one with: playbatch register FILE");
            } else {
                out.printf("%-40s %-14s %-9s %s%n", "PLAYBOOK", "REVISION", "SCHEDULES", "DESCRIPTION");
                for (RegisteredPlaybook p : playbooks) {
                    out.printf("%-40s %-14s %-9d %s%n", p.playbookPath(), p.revision().substring(0, 12),
                            p.scheduleCount(), p.description() == null ? "" : p.description());
                }
            }
            out.flush();
        }
        return ExitCodes.OK;
    }
}
