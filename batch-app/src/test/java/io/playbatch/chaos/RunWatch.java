package io.playbatch.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Watches one run after a fault until it ends, from the database alone: the status of its latest
 * execution and whether a live process took it over (a new execution of the run, or an
 * {@code execution_resumed} event). A change of {@code manager_id} alone is no takeover: recovery
 * stamps its own id when it marks a dead execution FAILED. A run that failed is watched until stale-after plus the settle time have passed since
 * the fault, because a resume may still turn it around.
 */
final class RunWatch {

    private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    private final ChaosLab lab;
    private final ChaosSettings settings;

    RunWatch(ChaosLab lab, ChaosSettings settings) {
        this.lab = lab;
        this.settings = settings;
    }

    /** The ids of the first execution of experiment {@code name}'s playbook, once it exists. */
    record Started(long executionId, long runId) {
    }

    Started awaitStarted(String name, ChaosLab.Child runner) {
        String path = "chaos/" + ChaosLab.playbookId(name);
        Started[] found = new Started[1];
        ChaosLab.await(settings.startup(), "an execution of " + path + " (log " + runner.log() + ")", () -> {
            if (!runner.process().isAlive()) {
                throw new IllegalStateException(runner.command() + " exited with " + runner.process().exitValue()
                        + " before its execution started: " + runner.tail());
            }
            found[0] = lab.query(jdbc -> jdbc.query("SELECT execution_id, run_id FROM execution WHERE playbook_path = :p"
                    + " ORDER BY execution_id LIMIT 1", Map.of("p", path),
                    rs -> rs.next() ? new Started(rs.getLong(1), rs.getLong(2)) : null)).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** Queue rows of {@code executionId} leased right now: the tasks in flight. */
    Integer inFlight(long executionId) {
        return lab.query(jdbc -> jdbc.queryForObject("SELECT count(*) FROM queue WHERE execution_id = :e"
                + " AND status = 'leased'", Map.of("e", executionId), Integer.class)).orElse(null);
    }

    /** The latest execution's status, and when the run was first taken over, if it was. */
    record State(String status, Instant takenOverAt) {
    }

    Optional<State> state(Started run) {
        return lab.query(jdbc -> jdbc.query("""
                SELECT e.status,
                       (SELECT min(at) FROM (
                            SELECT min(x.created_at) AS at FROM execution x
                             WHERE x.run_id = :run AND x.execution_id <> :first
                            UNION ALL
                            SELECT min(ev.created_at) FROM event ev JOIN execution x ON x.execution_id = ev.execution_id
                             WHERE x.run_id = :run AND ev.event_type = 'execution_resumed') takeovers) AS taken_over_at
                  FROM execution e WHERE e.run_id = :run ORDER BY e.execution_id DESC LIMIT 1
                """, Map.of("run", run.runId(), "first", run.executionId()), rs -> rs.next()
                ? new State(rs.getString(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant())
                : null));
    }

    /**
     * What became of the run after the fault at {@code faultAt}.
     *
     * @param lastState the last state read, null if the database was never reachable after the fault
     * @param takenOverAt when a live process took the run over, or null
     * @param databaseUp whether the database answered at the end
     * @param runnerExit the exit code of the {@code run} process, or null (none, or still running)
     */
    record Outcome(State lastState, Instant takenOverAt, boolean databaseUp, Integer runnerExit) {

        boolean resumed() {
            return takenOverAt != null;
        }

        Double secondsToResume(Instant faultAt) {
            return takenOverAt == null ? null : Math.max(0, Duration.between(faultAt, takenOverAt).toMillis()) / 1000.0;
        }

        String describe(ChaosLab.Child runner) {
            String status = lastState == null ? "unknown" : lastState.status();
            if (runner != null) {
                status += runnerExit == null ? ", run still running" : ", run exit " + runnerExit;
            }
            return status;
        }
    }

    /**
     * Watches the run until it is COMPLETED (and its {@code run} process, if any, has exited), or has
     * stayed in another final state, or the database has stayed down, until stale-after plus settle
     * after the fault; at most the settings' timeout.
     */
    Outcome watch(Started run, Instant faultAt, ChaosLab.Child runner) {
        Instant resumeBy = faultAt.plus(settings.staleAfter()).plus(settings.settle());
        Instant end = faultAt.plus(settings.timeout());
        State last = null;
        Instant takenOver = null;
        boolean up = false;
        while (true) {
            Optional<State> state = state(run);
            up = state.isPresent();
            boolean runnerDone = runner == null || !runner.process().isAlive();
            Instant now = Instant.now();
            if (state.isPresent()) {
                last = state.get();
                if (takenOver == null) {
                    takenOver = last.takenOverAt();
                }
                if ("COMPLETED".equals(last.status()) && runnerDone) {
                    break;
                }
                // A COMPLETED run whose process has not exited yet is given until the timeout: a hang, not a late exit.
                if (FINAL.contains(last.status()) && !"COMPLETED".equals(last.status())
                        && (runnerDone || now.isAfter(resumeBy.plus(settings.settle()))) && now.isAfter(resumeBy)) {
                    break;
                }
            } else if (now.isAfter(resumeBy)) {
                break;
            }
            if (now.isAfter(end)) {
                break;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Integer exit = runner == null || runner.process().isAlive() ? null : runner.process().exitValue();
        return new Outcome(last, takenOver, up, exit);
    }
}
