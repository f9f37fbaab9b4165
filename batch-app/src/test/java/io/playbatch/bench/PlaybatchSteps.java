package io.playbatch.bench;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.runtime.PlaybookLauncher;
import io.playbatch.runtime.RunRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * The Playbatch side of {@code ops/bench-compare}'s step pair: a playbook of N sequential
 * {@code noop} steps (between {@code start} and {@code end}), compiled once by the application's
 * compiler and run to the end several times in this JVM, one run after another.
 */
final class PlaybatchSteps {

    private final PlaybookLauncher launcher;
    private final PlaybookGraph graph;
    private final int steps;

    private PlaybatchSteps(PlaybookLauncher launcher, PlaybookGraph graph, int steps) {
        this.launcher = launcher;
        this.graph = graph;
        this.steps = steps;
    }

    /** Compiles the N-step playbook; it fails on a diagnostic, since a benchmark of a broken playbook means nothing. */
    static PlaybatchSteps compile(PlaybookCompiler compiler, PlaybookLauncher launcher, int steps) {
        CompilationResult result = compiler.compile("bench-steps.yaml", playbook(steps));
        if (result.hasErrors() || result.graph().isEmpty()) {
            throw new IllegalStateException("the benchmark's playbook does not compile: " + result.diagnostics());
        }
        return new PlaybatchSteps(launcher, result.graph().get(), steps);
    }

    /**
     * Runs the playbook {@code runs} times.
     *
     * @return the executions (for {@code verify}) and the wall time per noop step over all runs
     */
    StepFigures measure(int runs) throws Exception {
        List<Long> executions = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            JobExecution execution = launcher.launch(RunRequest.fresh(graph, graph.workload()));
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalStateException("benchmark run ended " + execution.getStatus());
            }
            executions.add(execution.getId());
        }
        return new StepFigures(executions, (System.nanoTime() - started) / 1e6 / runs / steps);
    }

    private static String playbook(int steps) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: bench_steps
                workflow:
                  - step: start
                    next: [ step_1 ]
                """);
        for (int i = 1; i <= steps; i++) {
            yaml.append("  - step: step_").append(i).append("\n    type: noop\n    next: [ ")
                    .append(i < steps ? "step_" + (i + 1) : "end").append(" ]\n");
        }
        return yaml.append("  - step: end\n").toString();
    }
}
