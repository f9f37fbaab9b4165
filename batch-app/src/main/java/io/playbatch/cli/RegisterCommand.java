package io.playbatch.cli;

import io.playbatch.catalog.PlaybookCompilerConfiguration;
import org.springframework.core.env.StandardEnvironment;

import io.playbatch.catalog.RegisteredPlaybook;
import io.playbatch.catalog.Registration;
import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.json.JsonCodec;
import io.playbatch.operate.McpCheckFailedException;
import io.playbatch.operate.OperationsService;
import io.playbatch.schedule.ScheduleService;
import io.playbatch.schedule.ScheduleView;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code playbatch register FILE}: stores the playbook's revision in the catalog and installs or
 * updates its schedules; the same content again is a no-op that says so. With
 * {@code playbatch.mcp.verify-on-register=true} the online MCP check must pass first (exit 2, or 3 when
 * a server could not be reached, otherwise).
 */
@Command(name = "register", description = "Register a playbook in the catalog: keep its revision and install its schedules.")
class RegisterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The playbook (YAML).")
    Path file;

    @Option(names = "--json", description = "Print the registration as JSON.")
    boolean json;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        CompilationResult compiled = PlaybookCompilerConfiguration.compilerFor(new StandardEnvironment()).compile(file);
        if (compiled.hasErrors() || compiled.graph().isEmpty()) {
            return Diagnostics.refuse(spec, compiled, json);
        }
        try (ConfigurableApplicationContext context = ApplicationContexts.open(database, ApplicationContexts.NO_WORKER)) {
            Registration registration;
            try {
                registration = context.getBean(OperationsService.class).register(file);
            } catch (McpCheckFailedException refused) {
                // As for a playbook that does not compile: the diagnostics (validate's JSON report with --json).
                if (!json) {
                    spec.commandLine().getErr().println("playbatch register: " + refused.getMessage());
                }
                Diagnostics.print(spec, new CompilationResult(file.toString(), Optional.empty(), refused.diagnostics()),
                        json);
                return Diagnostics.exitCode(refused.diagnostics());
            }
            String path = registration.playbook().playbookPath();
            List<ScheduleView> schedules = context.getBean(ScheduleService.class).list().stream()
                    .filter(s -> s.playbookPath().equals(path)).toList();
            var out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>(playbookJson(registration.playbook()));
                body.put("outcome", registration.outcome());
                body.put("schedules", schedules.stream().map(ScheduleCommand::toJson).toList());
                out.println(new JsonCodec().writePretty(body));
            } else {
                RegisteredPlaybook playbook = registration.playbook();
                out.println(switch (registration.outcome()) {
                    case "created" -> "Registered " + path + " at revision " + playbook.revision() + ".";
                    case "updated" -> "Registered a new revision of " + path + ": " + playbook.revision() + ".";
                    default -> path + " is already registered at revision " + playbook.revision() + "; nothing changed.";
                });
                for (ScheduleView schedule : schedules) {
                    out.println("  schedule " + schedule.scheduleId() + ": " + schedule.cron() + " (" + schedule.timezone()
                            + "), " + schedule.state() + ", next " + schedule.nextFireAt());
                }
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    static Map<String, Object> playbookJson(RegisteredPlaybook playbook) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("playbook", playbook.playbookPath());
        json.put("revision", playbook.revision());
        json.put("name", playbook.name());
        json.put("description", playbook.description());
        json.put("labels", playbook.labels());
        json.put("source_file", playbook.sourceFile());
        json.put("registered_at", playbook.registeredAt().toString());
        json.put("schedule_count", playbook.scheduleCount());
        return json;
    }
}
