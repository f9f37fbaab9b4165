package io.playbatch.cli;

import io.playbatch.catalog.PlaybookCompilerConfiguration;
import java.util.Locale;
import org.springframework.core.env.StandardEnvironment;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.batch.JobGraphExplainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch compile FILE --explain}: the Spring Batch job graph a playbook becomes; needs no database. */
@Command(name = "compile",
        description = "Compile a playbook and, with --explain, print the Spring Batch job graph it becomes.")
class CompileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The playbook (YAML).")
    Path file;

    @Option(names = "--explain", description = "Print the job graph: steps, deciders, splits, partitions.")
    boolean explain;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Format of --explain: text (default), mermaid or dot.")
    String format;

    @Override
    public Integer call() {
        JobGraphExplainer.Format chosen;
        try {
            chosen = JobGraphExplainer.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format " + format + ": expected text, mermaid or dot");
        }
        CompilationResult compiled = PlaybookCompilerConfiguration.compilerFor(new StandardEnvironment()).compile(file);
        if (compiled.hasErrors() || compiled.graph().isEmpty()) {
            return Diagnostics.refuse(spec, compiled, false);
        }
        var out = spec.commandLine().getOut();
        if (explain) {
            out.print(new JobGraphExplainer().explain(compiled.graph().get(), chosen));
        } else {
            out.println(file + " compiles to job " + compiled.graph().get().path() + " ("
                    + compiled.graph().get().nodes().size() + " steps); add --explain to see the graph.");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
