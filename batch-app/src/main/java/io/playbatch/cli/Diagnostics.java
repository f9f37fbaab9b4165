package io.playbatch.cli;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.DiagnosticReport;
import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.diag.DiagnosticCode;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Prints why a playbook cannot run: one line per diagnostic on stderr, or the report's JSON on stdout. */
final class Diagnostics {

    private Diagnostics() {
    }

    /** @return {@link ExitCodes#USAGE}, the exit code of a command refused for an invalid playbook */
    static int refuse(CommandSpec spec, CompilationResult result, boolean json) {
        print(spec, result, json);
        return ExitCodes.USAGE;
    }

    /** Prints the diagnostics as {@link #refuse} does, without choosing the exit code. */
    static void print(CommandSpec spec, CompilationResult result, boolean json) {
        if (json) {
            spec.commandLine().getOut().println(DiagnosticReport.of(result).json());
            spec.commandLine().getOut().flush();
        } else {
            result.diagnostics().forEach(d -> spec.commandLine().getErr().println(d.format()));
            spec.commandLine().getErr().flush();
        }
    }

    /**
     * The exit code for these diagnostics: {@link ExitCodes#OK} without errors;
     * {@link ExitCodes#ENVIRONMENT} when every error is an MCP server the online check could not
     * reach (MCP072: the playbook itself may be right, try again when the server runs); else
     * {@link ExitCodes#USAGE}.
     */
    static int exitCode(List<Diagnostic> diagnostics) {
        List<Diagnostic> errors = diagnostics.stream().filter(Diagnostic::isError).toList();
        if (errors.isEmpty()) {
            return ExitCodes.OK;
        }
        return errors.stream().allMatch(d -> d.code().equals(DiagnosticCode.MCP_SERVER_UNREACHABLE.code()))
                ? ExitCodes.ENVIRONMENT : ExitCodes.USAGE;
    }
}
