package io.playbatch.bench;

import java.util.List;

/** What a series of runs of an N-step job cost: its executions (empty for a peer) and the wall time per step. */
record StepFigures(List<Long> executions, double msPerStep) {

    StepFigures {
        executions = List.copyOf(executions);
    }
}
