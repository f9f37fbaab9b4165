package io.playbatch.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The short form of {@code ops/chaos} (docs/operations.md, "Chaos matrix"): two of its experiments
 * at a small scale, in one data directory with one {@code serve} alive throughout, each against a
 * {@code run} child of its own. Whatever the fault, no item may be lost, and only tasks in flight
 * at the fault may run twice.
 */
@Tag("slow")
class ChaosShortTest {

    private static final int ITEMS = 60;
    /**
     * 150 ms per item, four at a time: the loop lasts a few seconds, long enough for a fault to land mid-way.
     * The settle is only how long a FAILED run may wait for its resume before FAILED counts as final: a
     * completed run ends the wait at once, so it can be generous. At 3 s, a suite saturating both cores
     * made the serve's resume late and the row FAILED although nothing was lost.
     */
    private static final ChaosSettings SMALL = new ChaosSettings(ITEMS, ITEMS, ITEMS, 0, Duration.ofMillis(150), 4,
            Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO);

    private static ChaosLab lab;
    private static LoopExperiments experiments;

    /** The lab and its serve, started by the first experiment that runs. */
    private static LoopExperiments experiments() {
        if (experiments == null) {
            lab = new ChaosLab(SMALL);
            experiments = new LoopExperiments(SMALL, lab, lab.serve());
        }
        return experiments;
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void killingTheRunManagerAt40PercentLosesNoItemAndRepeatsOnlyTasksInFlight() {
        assertNothingLostAndOnlyInFlightRepeated(experiments().killRun(40));
    }

    @Test
    void terminatingEveryBackendEverySecondLosesNoItemAndRepeatsOnlyTasksInFlight() {
        assertNothingLostAndOnlyInFlightRepeated(experiments().pgTerminate());
    }

    private static void assertNothingLostAndOnlyInFlightRepeated(ChaosRow row) {
        System.out.println(ChaosRow.HEADER + "\n" + row.line());
        assertThat(row.finalStatus()).as(row.line()).startsWith("COMPLETED");
        assertThat(row.lost()).as("items lost: " + row.line()).isZero();
        assertThat(row.duplicated()).as("duplicates beyond the tasks in flight: " + row.line())
                .isLessThanOrEqualTo(row.inFlight());
    }
}
