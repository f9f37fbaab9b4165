package io.playbatch.cli;

import io.playbatch.catalog.PlaybookCompilerConfiguration;
import org.springframework.core.env.StandardEnvironment;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.json.JsonCodec;
import io.playbatch.operate.OperationsService;
import io.playbatch.operate.RunHandle;
import io.playbatch.report.RunSummary;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch run FILE}: compiles a playbook and runs it to the end as a new run. */
@Command(name = "run", description = "Compile a playbook and run it to the end as a new run.",
        sortOptions = false)
class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The playbook (YAML).")
    Path file;

    @Mixin
    WorkloadOptions workload;

    @Option(names = "--json", description = "Print the summary as JSON (ids as strings).")
    boolean json;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        CompilationResult compiled = PlaybookCompilerConfiguration.compilerFor(new StandardEnvironment()).compile(file);
        if (compiled.hasErrors() || compiled.graph().isEmpty()) {
            return Diagnostics.refuse(spec, compiled, json);
        }
        Map<String, Object> overrides = workload.overrides();
        try (ConfigurableApplicationContext context = ApplicationContexts.open(database, Map.of())) {
            OperationsService operations = context.getBean(OperationsService.class);
            RunHandle run = operations.submit(compiled.graph().get(), overrides, "cli", null);
            new ProgressPrinter(operations::progress, spec.commandLine().getErr()).await(run.executionId());
            RunSummary summary = operations.show(run.executionId());
            print(summary);
            return "COMPLETED".equals(summary.status()) ? ExitCodes.OK : ExitCodes.RUN_FAILED;
        }
    }

    private void print(RunSummary summary) {
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(new JsonCodec().writePretty(SummaryJson.of(summary)));
        } else {
            out.print(SummaryText.of(summary));
        }
        out.flush();
    }
}
