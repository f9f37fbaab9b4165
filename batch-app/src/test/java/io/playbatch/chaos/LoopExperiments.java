package io.playbatch.chaos;

import io.playbatch.database.DataDirectory;
import io.playbatch.json.JsonCodec;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The experiments that hit one long http loop with a fault part-way through and count its side
 * effects afterwards (docs/operations.md, "Chaos matrix"): kill -9 of its {@code run} manager or
 * of the {@code serve} that manages it, terminated backends, a PostgreSQL restart, a killed
 * postmaster, and SIGTERM of the {@code serve} that started the embedded database. Each runs in a
 * lab of its own, so one experiment's wreckage never colours the next; the short form in the test
 * suite runs its two experiments in one shared lab instead, to start one {@code serve} rather than two.
 */
final class LoopExperiments {

    private final ChaosSettings settings;
    private final ChaosLab sharedLab;
    private final ChaosLab.Child sharedServe;

    LoopExperiments(ChaosSettings settings) {
        this(settings, null, null);
    }

    /**
     * Experiments in {@code lab}, whose {@code serve} stays up across them (the caller closes the lab).
     * Only those that leave the database and that serve alive may share one: kill-run, pg-terminate.
     */
    LoopExperiments(ChaosSettings settings, ChaosLab lab, ChaosLab.Child serve) {
        this.settings = settings;
        this.sharedLab = lab;
        this.sharedServe = serve;
    }

    /** kill -9 of the {@code run} process that manages the loop at {@code percent} of it, with a {@code serve} alive. */
    ChaosRow killRun(int percent) {
        String name = "kill-run-" + percent;
        return inLab(name, settings.items(), percent, (lab, ctx) -> {
            ctx.fault(() -> lab.lab().kill(lab.runner()));
            return "killed run pid " + lab.runner().pid();
        });
    }

    /** Two {@code serve}s; the run is started through the one that does not own the database, which is killed at 40 %. */
    ChaosRow killServeManager() {
        String name = "kill-serve-manager-40";
        int items = settings.serveItems();
        try (ChaosLab lab = new ChaosLab(settings)) {
            lab.serve();
            ChaosLab.Child manager = lab.serve();
            Path playbook = lab.loopPlaybook(name, items);
            HttpResponse<String> started = lab.post(manager.url() + "/api/v1/executions",
                    new JsonCodec().write(Map.of("file", playbook.toString())))
                    .orElseThrow(() -> new IllegalStateException("the managing serve did not answer the start"));
            if (started.statusCode() != 202) {
                throw new IllegalStateException("start answered " + started.statusCode() + ": " + started.body());
            }
            RunWatch watch = new RunWatch(lab, settings);
            RunWatch.Started run = watch.awaitStarted(name, manager);
            awaitProgress(lab, name, items, 40, manager);
            Integer inFlight = watch.inFlight(run.executionId());
            Instant faultAt = Instant.now();
            lab.kill(manager);
            RunWatch.Outcome outcome = watch.watch(run, faultAt, null);
            return row(lab, name, items, inFlight, faultAt, outcome, null, "killed serve pid " + manager.pid());
        } catch (RuntimeException e) {
            return ChaosRow.error(name, e);
        }
    }

    /** pg_terminate_backend of every Playbatch connection every few seconds for a while, from 10 % of the loop. */
    ChaosRow pgTerminate() {
        String name = "pg-terminate";
        return inLab(name, settings.pgItems(), 10, (lab, ctx) -> {
            int rounds = 0;
            int terminated = 0;
            ctx.faultStarts();
            Instant until = Instant.now().plus(settings.terminateFor());
            while (Instant.now().isBefore(until) && lab.runner().process().isAlive()) {
                terminated += lab.lab().terminateBackends(lab.lab().playbatchBackends());
                rounds++;
                // The fault's own rhythm: one round every terminateEvery, as the experiment prescribes.
                ChaosLab.awaitOrTimeout(settings.terminateEvery(), () -> !lab.runner().process().isAlive());
            }
            return rounds + " rounds, " + terminated + " backends terminated";
        });
    }

    /**
     * The postmaster stopped (fast shutdown) at 30 % of the loop and started again after {@code downtime}.
     * Held down as {@code playbatch db stop --force} holds it (the data directory's {@code stopped}
     * marker), so the processes' watchdogs do not start it again early: the downtime is real.
     */
    ChaosRow pgRestart(String name, Duration downtime) {
        return inLab(name, settings.pgItems(), 30, (lab, ctx) -> {
            ctx.faultStarts();
            DataDirectory directory = DataDirectory.of(lab.lab().dataDir());
            directory.requestStop(true);
            List<String> commandLine = lab.lab().stopPostmaster();
            long stoppedAt = System.nanoTime();
            // The downtime is the fault itself, not a guess at how long something takes.
            ChaosLab.awaitOrTimeout(downtime, () -> lab.lab().postmasterPid().isPresent());
            boolean restartedEarly = lab.lab().postmasterPid().isPresent();
            directory.requestStop(false);
            lab.lab().startPostmaster(commandLine);
            return String.format("down %.1f s%s", (System.nanoTime() - stoppedAt) / 1e9,
                    restartedEarly ? "; started again early by Playbatch" : "");
        });
    }

    /** kill -9 of the postmaster at 40 % of the loop; nothing is restarted by the harness until the outcome is read. */
    ChaosRow killPostmaster() {
        String name = "kill-postmaster";
        return inLab(name, settings.pgItems(), 40, (lab, ctx) -> {
            long pid = lab.lab().postmasterPid().orElseThrow();
            ctx.restartForReading(lab.lab().commandLine(pid));
            ctx.fault(() -> lab.lab().killPostmaster());
            return "killed postmaster pid " + pid;
        });
    }

    /** SIGTERM (Ctrl-C) of the {@code serve} that started the embedded PostgreSQL at 40 % of a CLI run. */
    ChaosRow stopOwnerServe() {
        String name = "stop-owner-serve";
        return inLab(name, settings.items(), 40, (lab, ctx) -> {
            ctx.restartForReading(lab.lab().commandLine(lab.lab().postmasterPid().orElseThrow()));
            ctx.fault(() -> lab.lab().terminate(lab.serve()));
            return "SIGTERM to serve pid " + lab.serve().pid();
        });
    }

    /** A lab with a {@code serve} (which starts the embedded database) and a {@code run} of the loop. */
    record LoopLab(ChaosLab lab, ChaosLab.Child serve, ChaosLab.Child runner) {
    }

    /** What a fault tells the common part of an experiment: when it began, and how to read the outcome. */
    static final class FaultContext {
        private Instant at;
        private List<String> postmasterCommandLine;

        void faultStarts() {
            at = Instant.now();
        }

        void fault(Runnable fault) {
            at = Instant.now();
            fault.run();
        }

        /** When the database is down at the end, the harness starts it with this command line to read the outcome. */
        void restartForReading(List<String> commandLine) {
            postmasterCommandLine = commandLine;
        }
    }

    /** The fault of one experiment: injects it and returns a note on what it did. */
    @FunctionalInterface
    interface Fault {
        String inject(LoopLab lab, FaultContext context);
    }

    private ChaosRow inLab(String name, int items, int percent, Fault fault) {
        ChaosLab lab = sharedLab != null ? sharedLab : new ChaosLab(settings);
        try {
            ChaosLab.Child serve = sharedServe != null ? sharedServe : lab.serve();
            ChaosLab.Child runner = lab.run(lab.loopPlaybook(name, items));
            RunWatch watch = new RunWatch(lab, settings);
            RunWatch.Started run = watch.awaitStarted(name, runner);
            awaitProgress(lab, name, items, percent, runner);
            Integer inFlight = watch.inFlight(run.executionId());
            FaultContext context = new FaultContext();
            String note = fault.inject(new LoopLab(lab, serve, runner), context);
            RunWatch.Outcome outcome = watch.watch(run, context.at, runner);
            if (!outcome.databaseUp() && context.postmasterCommandLine != null) {
                lab.startPostmaster(context.postmasterCommandLine);
                note += "; PostgreSQL stayed down, chaos restarted it to read the outcome";
                outcome = new RunWatch.Outcome(watch.state(run).orElse(null), outcome.takenOverAt(), false,
                        outcome.runnerExit());
            }
            return row(lab, name, items, inFlight, context.at, outcome, runner, note);
        } catch (RuntimeException e) {
            return ChaosRow.error(name, e);
        } finally {
            if (sharedLab == null) {
                lab.close();
            }
        }
    }

    /** Waits until {@code percent} of the loop's items have had their side effect. */
    private static void awaitProgress(ChaosLab lab, String name, int items, int percent, ChaosLab.Child runner) {
        int target = Math.max(1, items * percent / 100);
        List<String> keys = ChaosLab.keys(name, items);
        ChaosLab.await(Duration.ofMinutes(10), target + " of " + items + " items (log " + runner.log() + ")", () -> {
            if (!runner.process().isAlive()) {
                throw new IllegalStateException(runner.command() + " exited with " + runner.process().exitValue()
                        + " at " + lab.counter().seen(keys) + " of " + items + " items, before the fault: "
                        + runner.tail());
            }
            return lab.counter().seen(keys) >= target;
        });
    }

    private static ChaosRow row(ChaosLab lab, String name, int items, Integer inFlight, Instant faultAt,
            RunWatch.Outcome outcome, ChaosLab.Child runner, String note) {
        List<String> notes = new ArrayList<>(List.of(note));
        if (runner != null && runner.exitCode() != null && runner.exitCode() != 0) {
            notes.add("run said: " + lastLine(runner.tail()));
        }
        List<String> keys = ChaosLab.keys(name, items);
        return new ChaosRow(name, 1, lab.counter().lost(keys), lab.counter().duplicated(keys),
                inFlight, outcome.resumed(), outcome.secondsToResume(faultAt), outcome.describe(runner),
                String.join("; ", notes));
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        return last.length() > 160 ? last.substring(0, 160) + "..." : last;
    }
}
