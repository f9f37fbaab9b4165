package io.playbatch.recovery;

import io.playbatch.database.DatabaseOutage;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.ledger.NewEvent;
import io.playbatch.metrics.RunMeters;
import io.playbatch.operate.ExecutionStateException;
import io.playbatch.queue.WorkQueue;
import io.playbatch.report.NoSuchExecutionException;
import io.playbatch.runtime.ExecutionStateWriter;
import io.playbatch.runtime.ManagerHeartbeat;
import io.playbatch.worker.WorkerIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Recovery of executions whose manager process died (docs/operations.md, docs/state-machine.md): an
 * execution still STARTING or STARTED whose manager heartbeat is older than
 * {@code playbatch.recovery.stale-after} and whose queue rows hold no live lease is dead. Recovering
 * it takes it over (a compare-and-set on the heartbeat, so one process recovers it however many
 * try), marks its unfinished queue rows {@code dead} so no worker runs them later, then, in one
 * transaction of the {@link ExecutionStateWriter}, marks it FAILED in Spring Batch with
 * {@code JobOperator.recover} (never SQL on its tables) and records {@code step_failed} for the
 * steps it left open and {@code execution_complete} FAILED once. The execution is then
 * restartable. Thread-safe.
 */
@Component
public class DeadExecutions {

    private static final Logger log = LoggerFactory.getLogger(DeadExecutions.class);
    private static final int SCAN_LIMIT = 100;

    private final ExecutionRepository executions;
    private final WorkQueue queue;
    private final EventLedger ledger;
    private final ExecutionStateWriter writer;
    private final RecoveryProperties properties;
    private final String recovererId = WorkerIds.of("recovery");

    private final ManagerHeartbeat heartbeat;
    private final RunMeters meters;
    private final DatabaseOutage outage;

    public DeadExecutions(ExecutionRepository executions, WorkQueue queue, EventLedger ledger,
            ExecutionStateWriter writer, RecoveryProperties properties, ManagerHeartbeat heartbeat,
            RunMeters meters, DatabaseOutage outage) {
        this.outage = outage;
        this.heartbeat = heartbeat;
        this.meters = meters;
        this.executions = executions;
        this.queue = queue;
        this.ledger = ledger;
        this.writer = writer;
        this.properties = properties;
    }

    /**
     * Recovers one execution, refusing with an {@link ExecutionStateException} that says why when it
     * is not running, its manager is alive, or a worker still holds a lease on one of its tasks.
     */
    public ExecutionRecord recover(long executionId) {
        ExecutionRecord execution = executions.find(executionId)
                .orElseThrow(() -> new NoSuchExecutionException(executionId));
        if (!running(execution.status())) {
            throw new ExecutionStateException("execution " + executionId + " is " + execution.status()
                    + ", not running; only an execution left STARTING or STARTED by a dead process can be recovered"
                    + ("FAILED".equals(execution.status()) || "STOPPED".equals(execution.status())
                            ? " (restart it with 'playbatch restart " + executionId + "')" : ""));
        }
        if (heartbeat.manages(executionId)) {
            throw new ExecutionStateException("execution " + executionId + " is alive: its manager is this process; stop it"
                    + " with 'playbatch stop " + executionId + "'");
        }
        ExecutionRepository.ManagerBeat beat = executions.manager(executionId).orElseThrow();
        long staleMs = properties.staleAfter().toMillis();
        if (beat.ageMs() < staleMs) {
            throw new ExecutionStateException("execution " + executionId + " is alive: its manager "
                    + (beat.managerId() == null ? "(not yet known)" : beat.managerId()) + " beat " + beat.ageMs()
                    + " ms ago, and a manager is dead only after " + staleMs
                    + " ms without a beat (playbatch.recovery.stale-after); stop it with 'playbatch stop "
                    + executionId + "' or retry once its process is gone");
        }
        Optional<Instant> lease = queue.liveLeaseUntil(executionId);
        if (lease.isPresent()) {
            throw new ExecutionStateException("execution " + executionId + " is not dead yet: a worker holds a live"
                    + " lease on one of its tasks until " + lease.get() + "; retry after that");
        }
        if (!executions.claimStale(executionId, recovererId, properties.staleAfter())) {
            throw new ExecutionStateException("execution " + executionId + " changed while it was being recovered"
                    + " (another process recovers it, or its manager beat again); check 'playbatch show "
                    + executionId + "'");
        }
        return recoverClaimed(executionId, beat);
    }

    /** Finds and recovers every dead execution; returns those it recovered (none twice across processes). */
    public List<ExecutionRecord> recoverDead() {
        List<ExecutionRecord> recovered = new ArrayList<>();
        if (outage.recentlyOut(properties.staleAfter())) {
            // Nobody could beat during the outage: a manager is stale only once it had stale-after to beat again.
            return recovered;
        }
        for (long executionId : executions.stale(properties.staleAfter(), SCAN_LIMIT)) {
            // A stale beat of an execution this very process runs means its heartbeat thread lagged, not death.
            if (heartbeat.manages(executionId) || queue.liveLeaseUntil(executionId).isPresent()) {
                continue;
            }
            Optional<ExecutionRepository.ManagerBeat> beat = executions.manager(executionId);
            if (beat.isEmpty() || !executions.claimStale(executionId, recovererId, properties.staleAfter())) {
                continue;
            }
            try {
                recovered.add(recoverClaimed(executionId, beat.get()));
            } catch (RuntimeException e) {
                // Its heartbeat goes stale again and a later pass (here or elsewhere) retries.
                log.warn("Recovery of execution {} failed: {}", executionId, e.getMessage(), e);
            }
        }
        return recovered;
    }

    private ExecutionRecord recoverClaimed(long executionId, ExecutionRepository.ManagerBeat beat) {
        String reason = "its manager " + (beat.managerId() == null ? "(never beat)" : beat.managerId())
                + " stopped beating " + beat.ageMs() + " ms ago (dead after " + properties.staleAfter().toMillis()
                + " ms, playbatch.recovery.stale-after) and no worker held a lease on its tasks";
        // The queue first, atomically with the check that no worker holds a lease: a task leased after the
        // detection runs to its end and the execution is recovered by a later pass, never under it.
        OptionalInt buried = queue.buryUnlessLeased(executionId, Map.of("type", "execution_recovered",
                "message", "execution " + executionId + " was recovered because " + reason
                        + "; a restart runs this task again under the new execution"));
        if (buried.isEmpty()) {
            throw new ExecutionStateException("execution " + executionId + " is not dead yet: a worker leased one of"
                    + " its tasks while it was being recovered; retry once that task has finished");
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "manager_dead");
        error.put("message", "execution " + executionId + " was recovered: " + reason
                + "; restart it to run what did not complete");
        List<NewEvent> failedSteps = new ArrayList<>();
        for (EventLedger.OpenStep step : ledger.openSteps(executionId)) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("duration_ms", null);
            meta.put("attempt", 1);
            meta.put("worker_id", recovererId);
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("status", "error");
            envelope.put("data", null);
            envelope.put("error", error);
            envelope.put("meta", meta);
            failedSteps.add(NewEvent.of(executionId, EventType.STEP_FAILED).node(step.nodeName(), step.nodeType())
                    .parent(step.startedEventId()).status("failed").result(envelope).error(error)
                    .worker(recovererId).build());
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("recovered", true);
        context.put("reason", reason);
        context.put("manager_id", beat.managerId());
        context.put("last_heartbeat_at", beat.heartbeatAt() == null ? null : beat.heartbeatAt().toString());
        context.put("dead_queue_rows", buried.getAsInt());
        context.put("recovered_by", recovererId);
        Long cause = ledger.latestEventId(executionId, EventType.EXECUTION_STARTED, null).orElse(null);
        List<NewEvent> events = new ArrayList<>(failedSteps);
        events.add(NewEvent.of(executionId, EventType.EXECUTION_COMPLETE).parent(cause)
                .status("FAILED").context(context).error(error).build());
        // Then Spring Batch and the ledger together: a crash leaves both as they were (the execution still
        // stale, so a later pass recovers it), never one of them FAILED and the other running.
        boolean first = !writer.recover(executionId, events).get(events.size() - 1).deduplicated();
        log.warn("Recovered execution {}: {}; {} unfinished queue rows marked dead", executionId, reason,
                buried.getAsInt());
        ExecutionRecord recovered = executions.find(executionId).orElseThrow();
        if (first) {
            meters.executionFinished(recovered.playbookPath(), "FAILED", duration(recovered));
        }
        return recovered;
    }

    private static Duration duration(ExecutionRecord execution) {
        Instant start = execution.startedAt() != null ? execution.startedAt() : execution.createdAt();
        Instant end = execution.endedAt() != null ? execution.endedAt() : Instant.now();
        return start == null ? Duration.ZERO : Duration.between(start, end);
    }

    private static boolean running(String status) {
        return "STARTING".equals(status) || "STARTED".equals(status);
    }
}
