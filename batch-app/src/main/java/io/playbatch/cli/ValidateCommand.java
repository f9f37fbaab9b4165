package io.playbatch.cli;

import io.playbatch.catalog.PlaybookCompilerConfiguration;
import org.springframework.core.env.StandardEnvironment;

import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.validate.DiagnosticReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch validate FILE...}: every diagnostic of every file; needs no database. */
@Command(name = "validate", description = "Check playbooks and print every problem found (no database needed).")
class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Playbooks to check.")
    List<Path> files;

    @Option(names = "--json", description = "Print the diagnostics as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PlaybookCompiler compiler = PlaybookCompilerConfiguration.compilerFor(new StandardEnvironment());
        DiagnosticReport report = new DiagnosticReport(files.stream().map(compiler::compile).toList());
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(report.json());
        } else {
            report.textLines().forEach(out::println);
        }
        out.flush();
        return report.hasErrors() ? ExitCodes.USAGE : ExitCodes.OK;
    }
}
