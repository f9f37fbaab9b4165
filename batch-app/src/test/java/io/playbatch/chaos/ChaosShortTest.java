package io.playbatch.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Disabled;
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
    /** 150 ms per item, four at a time: the loop lasts a few seconds, long enough for a fault to land mid-way. */
    private static final ChaosSettings SMALL = new ChaosSettings(ITEMS, ITEMS, ITEMS, 0, Duration.ofMillis(150), 4,
            Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO);

    private static ChaosLab lab;
    private static LoopExperiments experiments;

    /** The lab and its serve, started by the first experiment that runs (none, while both are disabled). */
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
    @Disabled("issue 12: nothing resumes a killed run's manager yet: its loop stops dispatching, and the"
            + " serve's recovery marks the execution FAILED (manager_dead) with the undispatched items never run;"
            + " automatic resume (issue 12, item 3) is being built")
    void killingTheRunManagerAt40PercentLosesNoItemAndRepeatsOnlyTasksInFlight() {
        assertNothingLostAndOnlyInFlightRepeated(experiments().killRun(40));
    }

    @Test
    @Disabled("issue 12: terminating every Playbatch backend stops the run: on main (2026-12-05) its `run` hung"
            + " or exited 4 ('FATAL: terminating connection due to administrator command'), and recovery marked the"
            + " execution FAILED with 42 of 60 items never run; riding out database outages (item 1) is being built")
    void terminatingEveryBackendEverySecondLosesNoItemAndRepeatsOnlyTasksInFlight() {
        assertNothingLostAndOnlyInFlightRepeated(experiments().pgTerminate());
    }

    private static void assertNothingLostAndOnlyInFlightRepeated(ChaosRow row) {
        System.out.println(ChaosRow.HEADER + "\n" + row.line());
        assertThat(row.finalStatus()).as(row.line()).isNotEqualTo("ERROR");
        assertThat(row.lost()).as("items lost: " + row.line()).isZero();
        assertThat(row.duplicated()).as("duplicates beyond the tasks in flight: " + row.line())
                .isLessThanOrEqualTo(row.inFlight());
    }
}
