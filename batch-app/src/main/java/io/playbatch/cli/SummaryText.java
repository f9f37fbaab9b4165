package io.playbatch.cli;

import io.playbatch.operate.RunSummary;

/** The human form of a run summary: a headline, then one aligned line per step. */
final class SummaryText {

    private SummaryText() {
    }

    static String of(RunSummary summary) {
        StringBuilder text = new StringBuilder()
                .append("Execution ").append(summary.executionId())
                .append(" (run ").append(summary.runId()).append(") of ").append(summary.playbook())
                .append(": ").append(summary.status()).append(System.lineSeparator());
        int width = summary.steps().stream().mapToInt(s -> s.name().length()).max().orElse(4);
        for (RunSummary.StepLine step : summary.steps()) {
            text.append("  ").append(pad(step.name(), width)).append("  ").append(pad(step.status(), 9));
            if (step.durationMs() != null) {
                text.append(String.format("%8d ms", step.durationMs()));
            }
            if (step.readCount() != null && (step.readCount() > 0 || step.writeCount() > 0 || step.skipCount() > 0)) {
                text.append(String.format("  read %d, written %d, skipped %d", step.readCount(), step.writeCount(),
                        step.skipCount()));
            }
            if (step.message() != null) {
                // One line per step: multi-line driver messages are folded.
                text.append("  ").append(step.message().replaceAll("\\s*\\R\\s*", " "));
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
