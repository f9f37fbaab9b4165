package io.playbatch.cli;

import io.playbatch.report.RunSummary;

/** The human form of a run summary: a headline, then one aligned line per step. */
final class SummaryText {

    private SummaryText() {
    }

    static String of(RunSummary summary) {
        StringBuilder text = new StringBuilder()
                .append("Execution ").append(summary.executionId())
                .append(" (run ").append(summary.runId()).append(") of ").append(summary.playbook())
                .append(": ").append(summary.status()).append(System.lineSeparator());
        int width = nameWidth(summary);
        for (RunSummary.StepLine step : summary.steps()) {
            text.append("  ").append(stepLine(step, width)).append(System.lineSeparator());
        }
        return text.toString();
    }

    /** The width step names are padded to, so that a summary's (or progress's) columns align. */
    static int nameWidth(RunSummary summary) {
        return summary.steps().stream().mapToInt(s -> s.name().length()).max().orElse(4);
    }

    /** One step: name, status, duration, counts when there are any, and its error message. */
    static String stepLine(RunSummary.StepLine step, int width) {
        StringBuilder text = new StringBuilder().append(pad(step.name(), width)).append("  ")
                .append(pad(step.status(), 9));
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
        return text.toString();
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
