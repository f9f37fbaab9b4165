package io.playbatch.chaos;

/**
 * One line of the chaos matrix: what an experiment measured. A value that does not apply to the
 * experiment (or could not be measured) is null and prints as {@code -}.
 *
 * @param experiment its name, e.g. {@code kill-run-40}
 * @param runs runs started
 * @param lost items whose side effect never happened
 * @param duplicated side effects beyond the first, over all items
 * @param inFlight queue rows leased at the moment of the fault (the tasks that may run twice)
 * @param resumed whether a live process took the run over without an operator
 * @param secondsToResume from the fault to the takeover
 * @param finalStatus how the run ended, with the exit code of its {@code run} process
 * @param note what else happened (the fault's details, a fault that could not be induced, an error)
 */
record ChaosRow(String experiment, Integer runs, Integer lost, Integer duplicated, Integer inFlight, Boolean resumed,
        Double secondsToResume, String finalStatus, String note) {

    static final String HEADER = String.format("%-22s %5s %5s %5s %6s %8s %7s  %-34s %s",
            "experiment", "runs", "lost", "dup", "flight", "resumed", "resume", "final status", "note");

    /** The experiment could not be carried out at all: the row says why. */
    static ChaosRow error(String experiment, Throwable e) {
        return new ChaosRow(experiment, null, null, null, null, null, null, "ERROR",
                e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    String line() {
        return String.format("%-22s %5s %5s %5s %6s %8s %7s  %-34s %s", experiment, dash(runs), dash(lost),
                dash(duplicated), dash(inFlight), resumed == null ? "-" : resumed ? "yes" : "no",
                secondsToResume == null ? "-" : String.format("%.1fs", secondsToResume), finalStatus,
                note == null ? "" : note);
    }

    private static String dash(Integer value) {
        return value == null ? "-" : value.toString();
    }
}
