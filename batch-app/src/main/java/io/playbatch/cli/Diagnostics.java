package io.playbatch.cli;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.validate.DiagnosticReport;
import picocli.CommandLine.Model.CommandSpec;

/** Prints why a playbook cannot run: one line per diagnostic on stderr, or the report's JSON on stdout. */
final class Diagnostics {

    private Diagnostics() {
    }

    /** @return {@link ExitCodes#USAGE}, the exit code of a command refused for an invalid playbook */
    static int refuse(CommandSpec spec, CompilationResult result, boolean json) {
        if (json) {
            spec.commandLine().getOut().println(DiagnosticReport.of(result).json());
            spec.commandLine().getOut().flush();
        } else {
            result.diagnostics().forEach(d -> spec.commandLine().getErr().println(d.format()));
            spec.commandLine().getErr().flush();
        }
        return ExitCodes.USAGE;
    }
}
