package io.playbatch.cli;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.validate.Diagnostic;
import io.playbatch.json.JsonCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** Prints compiler diagnostics, one line each ({@code file:line:column: error CODE name: message (hint: ...)}). */
final class Diagnostics {

    private Diagnostics() {
    }

    /** Prints the diagnostics of {@code results} and returns the exit code: 2 if any error, else 0. */
    static int print(CommandSpec spec, CompilationResult result, boolean json) {
        return print(spec, List.of(result), json);
    }

    static int print(CommandSpec spec, List<CompilationResult> results, boolean json) {
        boolean errors = results.stream().anyMatch(CompilationResult::hasErrors);
        if (json) {
            List<Map<String, Object>> files = results.stream().map(Diagnostics::toJson).toList();
            spec.commandLine().getOut().println(new JsonCodec().writePretty(Map.of("valid", !errors, "files", files)));
            spec.commandLine().getOut().flush();
        } else {
            var err = spec.commandLine().getErr();
            results.forEach(r -> r.diagnostics().forEach(d -> err.println(d.format())));
            err.flush();
        }
        return errors ? ExitCodes.USAGE : ExitCodes.OK;
    }

    private static Map<String, Object> toJson(CompilationResult result) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("file", result.file());
        file.put("valid", !result.hasErrors());
        file.put("diagnostics", result.diagnostics().stream().map(Diagnostics::toJson).toList());
        return file;
    }

    private static Map<String, Object> toJson(Diagnostic d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", d.code());
        json.put("name", d.name());
        json.put("severity", d.severity().name().toLowerCase());
        json.put("file", d.position().file());
        json.put("line", d.position().line());
        json.put("column", d.position().column());
        json.put("message", d.message());
        json.put("hint", d.hint());
        return json;
    }
}
