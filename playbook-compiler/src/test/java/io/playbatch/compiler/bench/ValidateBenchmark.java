package io.playbatch.compiler.bench;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import java.util.Arrays;

/**
 * Times validation of a generated playbook (default 1,000 steps) without JMH: warm-up rounds, then
 * the median of measured rounds. Run by {@code ops/bench-compiler}; not a unit test, because
 * timings on shared CI machines are not assertions.
 */
public final class ValidateBenchmark {

    private ValidateBenchmark() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 21;
        String yaml = GeneratedPlaybook.yaml(steps);
        PlaybookCompiler compiler = new PlaybookCompiler();
        CompilationResult check = compiler.compile("bench.yaml", yaml);
        if (check.hasErrors() || check.graph().isEmpty()) {
            throw new IllegalStateException("generated playbook is invalid: " + check.diagnostics());
        }
        int nodes = check.graph().get().nodes().size();
        for (int i = 0; i < warmup; i++) {
            compiler.compile("bench.yaml", yaml);
        }
        double[] millis = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            CompilationResult result = compiler.compile("bench.yaml", yaml);
            millis[i] = (System.nanoTime() - start) / 1_000_000.0;
            if (result.hasErrors()) {
                throw new IllegalStateException("unexpected diagnostics");
            }
        }
        Arrays.sort(millis);
        System.out.printf("validate %d steps: %.1f ms (median of %d; min %.1f, max %.1f; %d warm-up rounds; %d KiB of YAML)%n",
                nodes, millis[rounds / 2], rounds, millis[0], millis[rounds - 1], warmup, yaml.length() / 1024);
    }
}
