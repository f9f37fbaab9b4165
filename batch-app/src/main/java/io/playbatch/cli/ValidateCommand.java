package io.playbatch.cli;

import io.playbatch.catalog.PlaybookCompilerConfiguration;
import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.DiagnosticReport;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.operate.McpServerCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code playbatch validate [--online] FILE...}: every diagnostic of every file; needs no database.
 * With {@code --online}, each file that compiles is then checked against its MCP servers
 * ({@link McpServerCheck}: MCP070-MCP072).
 */
@Command(name = "validate", description = "Check playbooks and print every problem found (no database needed).")
class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Playbooks to check.")
    List<Path> files;

    @Option(names = "--json", description = "Print the diagnostics as JSON.")
    boolean json;

    @Option(names = "--online", description = "Also ask each MCP server the playbook declares whether its tools"
            + " (and resource templates) exist and match the pinned input_schema (MCP070-MCP072).")
    boolean online;

    @Mixin
    WorkloadOptions workload;

    @Override
    public Integer call() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        // Before compiling: the template checker's Velocity logs a syntax error, and stdout is for the report only.
        CliLogging.toStderr(environment);
        Map<String, Object> overrides = workload.overrides();
        if (!online && !overrides.isEmpty()) {
            throw new UsageException("--set and --workload only matter with --online (they fill the servers' urls"
                    + " and commands); add --online or remove them");
        }
        PlaybookCompiler compiler = PlaybookCompilerConfiguration.compilerFor(environment);
        List<CompilationResult> results = files.stream().map(compiler::compile).toList();
        if (online) {
            McpServerCheck check = McpServerCheck.forEnvironment(environment);
            results = results.stream().map(r -> withOnlineCheck(r, check, overrides)).toList();
        }
        DiagnosticReport report = new DiagnosticReport(results);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(report.json());
        } else {
            report.textLines().forEach(out::println);
        }
        out.flush();
        return Diagnostics.exitCode(results.stream().flatMap(r -> r.diagnostics().stream()).toList());
    }

    /** A file that compiled, with the online check's diagnostics added; one with errors stays as it is. */
    private static CompilationResult withOnlineCheck(CompilationResult result, McpServerCheck check,
            Map<String, Object> overrides) {
        if (result.hasErrors() || result.graph().isEmpty()) {
            return result;
        }
        List<Diagnostic> all = new ArrayList<>(result.diagnostics());
        all.addAll(check.check(result.graph().get(), overrides));
        // Qualified: this package has its own Diagnostics (the CLI's exit codes).
        all.sort(io.playbatch.compiler.diag.Diagnostics.BY_POSITION);
        return new CompilationResult(result.file(), result.graph(), all);
    }
}
