package io.playbatch.compiler;

import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.diag.DiagnosticCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outcome of validating one or more playbook files, as {@code playbatch validate} prints it:
 * {@link #textLines()} gives one {@code file:line:column: error PBnnn name: message (hint: ...)}
 * line per diagnostic and a closing summary; {@link #json()} gives the same content for
 * {@code --json}. Files keep the order they were given in; diagnostics are sorted by position.
 * Immutable.
 */
public record DiagnosticReport(List<CompilationResult> results) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public DiagnosticReport {
        results = List.copyOf(results);
    }

    public static DiagnosticReport of(CompilationResult... results) {
        return new DiagnosticReport(List.of(results));
    }

    public boolean hasErrors() {
        return results.stream().anyMatch(CompilationResult::hasErrors);
    }

    public long errorCount() {
        return results.stream().flatMap(r -> r.diagnostics().stream()).filter(Diagnostic::isError).count();
    }

    public long warningCount() {
        return results.stream().flatMap(r -> r.diagnostics().stream()).filter(d -> !d.isError()).count();
    }

    /** One line per diagnostic, an {@code ok} line per clean file, then a summary line. */
    public List<String> textLines() {
        List<String> lines = new ArrayList<>();
        for (CompilationResult result : results) {
            if (result.diagnostics().isEmpty()) {
                lines.add(result.file() + ": ok");
            }
            result.diagnostics().forEach(d -> lines.add(d.format()));
        }
        long invalid = results.stream().filter(CompilationResult::hasErrors).count();
        lines.add(results.size() + (results.size() == 1 ? " file" : " files") + " checked, " + invalid + " invalid, "
                + errorCount() + (errorCount() == 1 ? " error" : " errors") + ", " + warningCount()
                + (warningCount() == 1 ? " warning" : " warnings"));
        return List.copyOf(lines);
    }

    /**
     * {@code {"valid":..,"errors":..,"warnings":..,"files":[{"file","valid","diagnostics":[...]}]}}; each
     * diagnostic has {@code doc}, the migration guide's anchor of a v1 form or null.
     */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("valid", !hasErrors());
        root.put("errors", errorCount());
        root.put("warnings", warningCount());
        ArrayNode files = root.putArray("files");
        for (CompilationResult result : results) {
            ObjectNode file = files.addObject();
            file.put("file", result.file());
            file.put("valid", !result.hasErrors());
            result.graph().ifPresent(g -> file.put("path", g.path()));
            ArrayNode diagnostics = file.putArray("diagnostics");
            for (Diagnostic d : result.diagnostics()) {
                ObjectNode node = diagnostics.addObject();
                node.put("code", d.code());
                node.put("name", d.name());
                node.put("severity", d.severity().name().toLowerCase());
                node.put("message", d.message());
                node.put("file", d.position().file());
                node.put("line", d.position().line());
                node.put("column", d.position().column());
                node.put("hint", d.hint());
                node.put("doc", d.doc());
            }
        }
        return JSON.writeValueAsString(root);
    }

    /** The catalog of every code, for {@code playbatch validate --codes} and documentation. */
    public static List<Map<String, String>> catalog() {
        List<Map<String, String>> codes = new ArrayList<>();
        for (DiagnosticCode code : DiagnosticCode.values()) {
            codes.add(code.doc() == null ? Map.of("code", code.code(), "name", code.label(), "hint", code.hintTemplate())
                    : Map.of("code", code.code(), "name", code.label(), "hint", code.hintTemplate(), "doc", code.doc()));
        }
        return List.copyOf(codes);
    }
}
