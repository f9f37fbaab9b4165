package io.playbatch.cli;

import io.playbatch.catalog.PlaybookCompilerConfiguration;
import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.convert.ChildOutputs;
import io.playbatch.compiler.convert.Conversion;
import io.playbatch.compiler.convert.ConversionException;
import io.playbatch.compiler.convert.ConversionTodo;
import io.playbatch.compiler.convert.PlaybookConverter;
import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.json.JsonCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code playbatch convert FILE... [--out DIR] [--json]}: v1 playbooks to v2 ({@link PlaybookConverter}),
 * each result checked by the compiler; needs no database. Exit 0 when every converted file
 * validates, 2 when a file could not be converted or a result still has errors (its TODOs).
 */
@Command(name = "convert", description = "Convert v1 (NoETL-style) playbooks to the v2 language (no database needed).")
class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "v1 playbooks to convert.")
    List<Path> files;

    @Option(names = "--out", paramLabel = "DIR", description = "Write each converted file into DIR under its own"
            + " name (created if missing). Without it, the one FILE's conversion is printed.")
    Path out;

    @Option(names = "--json", description = "Print the report (and, without --out, the converted text) as JSON.")
    boolean json;

    /** One file's outcome: its conversion and the compiler's check, or why it could not be converted. */
    private record Outcome(Path file, Optional<Path> target, Optional<Conversion> conversion,
            List<Diagnostic> diagnostics, Optional<String> failure) {

        boolean valid() {
            return failure.isEmpty() && diagnostics.stream().noneMatch(Diagnostic::isError);
        }

        String shownName() {
            return target.orElse(file).toString();
        }
    }

    @Override
    public Integer call() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        // Before compiling: Velocity logs template problems, and stdout is for the converted text or the report.
        CliLogging.toStderr(environment);
        checkTargets();
        PlaybookCompiler compiler = PlaybookCompilerConfiguration.compilerFor(environment);
        PlaybookConverter converter = new PlaybookConverter();
        ChildOutputs children = converter.scan(readable(files));
        List<Outcome> outcomes = new ArrayList<>();
        for (Path file : files) {
            outcomes.add(convert(file, converter, compiler, children));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(new JsonCodec().writePretty(report(outcomes)));
        } else {
            boolean textOnStdout = out == null;
            if (textOnStdout) {
                outcomes.get(0).conversion().ifPresent(c -> stdout.print(c.text()));
            }
            PrintWriter reportTo = textOnStdout ? spec.commandLine().getErr() : stdout;
            outcomes.forEach(o -> reportLines(o).forEach(reportTo::println));
            reportTo.println(summary(outcomes));
            reportTo.flush();
        }
        stdout.flush();
        return outcomes.stream().allMatch(Outcome::valid) ? ExitCodes.OK : ExitCodes.USAGE;
    }

    private void checkTargets() throws IOException {
        if (out == null) {
            if (files.size() > 1) {
                throw new UsageException("several files need --out DIR (the converted files are written there);"
                        + " without it, give one FILE and its conversion is printed");
            }
            return;
        }
        Set<Path> names = new HashSet<>();
        for (Path file : files) {
            Path target = out.resolve(file.getFileName());
            if (!names.add(file.getFileName())) {
                throw new UsageException("two files are named " + file.getFileName() + ": convert them into"
                        + " different --out directories");
            }
            if (Files.exists(target) && Files.exists(file) && Files.isSameFile(target, file)) {
                throw new UsageException("--out " + out + " would overwrite " + file + " itself: give another directory");
            }
        }
    }

    /** The texts of the files that can be read, for the batch's {@code return_step} scan; the others fail in convert. */
    private static Map<String, String> readable(List<Path> files) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                texts.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                // convert() reports it with the file's name.
            }
        }
        return texts;
    }

    private Outcome convert(Path file, PlaybookConverter converter, PlaybookCompiler compiler, ChildOutputs children) {
        Optional<Path> target = Optional.ofNullable(out).map(dir -> dir.resolve(file.getFileName()));
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return new Outcome(file, target, Optional.empty(), List.of(), Optional.of(file + ": cannot be read ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "): check the path"));
        }
        Conversion conversion;
        try {
            conversion = converter.convert(file.toString(), text, children);
        } catch (ConversionException e) {
            return new Outcome(file, target, Optional.empty(), List.of(), Optional.of(e.getMessage()));
        }
        String shown = target.orElse(file).toString();
        CompilationResult checked = compiler.compile(shown, conversion.text());
        if (target.isPresent()) {
            try {
                Files.createDirectories(target.get().toAbsolutePath().getParent());
                Files.writeString(target.get(), conversion.text(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return new Outcome(file, target, Optional.of(conversion), checked.diagnostics(),
                        Optional.of(target.get() + ": cannot be written (" + e.getMessage() + ")"));
            }
        }
        return new Outcome(file, target, Optional.of(conversion), checked.diagnostics(), Optional.empty());
    }

    private static List<String> reportLines(Outcome outcome) {
        List<String> lines = new ArrayList<>();
        if (outcome.failure().isPresent()) {
            lines.add(outcome.failure().get());
            return lines;
        }
        Conversion conversion = outcome.conversion().orElseThrow();
        for (ConversionTodo todo : conversion.todos()) {
            lines.add(outcome.shownName() + ":" + todo.outputLine() + ": TODO " + todo.kind().anchor() + ": " + todo.what()
                    + ": " + todo.why() + " (see " + todo.doc() + "; from " + outcome.file() + ":" + todo.sourceLine() + ")");
        }
        outcome.diagnostics().stream().filter(Diagnostic::isError).forEach(d -> lines.add(d.format()));
        long errors = outcome.diagnostics().stream().filter(Diagnostic::isError).count();
        String what = !conversion.changed() ? "unchanged (already v2)" : "converted";
        lines.add(outcome.file() + (outcome.target().isPresent() ? " -> " + outcome.target().get() : "") + ": " + what
                + ", " + plural(conversion.todos().size(), "TODO") + ", "
                + (errors == 0 ? "valid" : plural(errors, "error") + " left"));
        return lines;
    }

    private static String summary(List<Outcome> outcomes) {
        long valid = outcomes.stream().filter(Outcome::valid).count();
        long failed = outcomes.stream().filter(o -> o.failure().isPresent()).count();
        int todos = outcomes.stream().mapToInt(o -> o.conversion().map(c -> c.todos().size()).orElse(0)).sum();
        return plural(outcomes.size(), "file") + ": " + valid + " valid, "
                + (outcomes.size() - valid - failed) + " with problems left, " + failed + " not converted; "
                + plural(todos, "TODO");
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private Map<String, Object> report(List<Outcome> outcomes) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", outcome.file().toString());
            entry.put("out", outcome.target().map(Path::toString).orElse(null));
            entry.put("converted", outcome.failure().isEmpty());
            entry.put("changed", outcome.conversion().map(Conversion::changed).orElse(false));
            entry.put("valid", outcome.valid());
            entry.put("error", outcome.failure().orElse(null));
            entry.put("todos", outcome.conversion().map(c -> c.todos().stream().map(ConvertCommand::todoJson).toList())
                    .orElse(List.of()));
            entry.put("diagnostics", outcome.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format)
                    .toList());
            if (out == null) {
                entry.put("text", outcome.conversion().map(Conversion::text).orElse(null));
            }
            entries.add(entry);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("files", entries);
        report.put("valid", outcomes.stream().filter(Outcome::valid).count());
        report.put("todos", outcomes.stream().mapToInt(o -> o.conversion().map(c -> c.todos().size()).orElse(0)).sum());
        return report;
    }

    private static Map<String, Object> todoJson(ConversionTodo todo) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", todo.kind().anchor());
        json.put("line", todo.outputLine());
        json.put("source_line", todo.sourceLine());
        json.put("what", todo.what());
        json.put("why", todo.why());
        json.put("doc", todo.doc());
        return json;
    }
}
