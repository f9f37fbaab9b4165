package io.playbatch.recovery;

import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRepository.Disagreement;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.ledger.NewEvent;
import io.playbatch.runtime.ExecutionStateWriter;
import io.playbatch.runtime.ManagerHeartbeat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Start-up reconciliation (docs/state-machine.md#one-writer): once, when the application starts
 * with its database, finds the executions whose ledger status and Spring Batch's disagree (one
 * query, {@link ExecutionRepository#disagreements}) and brings them together through the
 * {@link ExecutionStateWriter}, logging each. Since every change goes through the writer's one
 * transaction, only a crash of an older version (which wrote the two in turn) leaves such a
 * disagreement. The side that recorded the end decides: an execution ended in the ledger is set
 * to the same status in Spring Batch; one ended only in Spring Batch (its manager stale) gets its
 * {@code execution_complete} with Spring Batch's status, and {@code execution_abandoned} when
 * Spring Batch abandoned it. Each fix re-reads both statuses in its transaction (the ledger row
 * locked), so processes starting together fix each execution once. Thread-safe.
 */
@Component
public class StateReconciliation implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StateReconciliation.class);
    private static final int SCAN_LIMIT = 1000;

    private final ExecutionRepository executions;
    private final EventLedger ledger;
    private final ExecutionStateWriter writer;
    private final ManagerHeartbeat heartbeat;
    private final RecoveryProperties properties;
    private volatile boolean ran;

    public StateReconciliation(ExecutionRepository executions, EventLedger ledger, ExecutionStateWriter writer,
            ManagerHeartbeat heartbeat, RecoveryProperties properties) {
        this.executions = executions;
        this.ledger = ledger;
        this.writer = writer;
        this.heartbeat = heartbeat;
        this.properties = properties;
    }

    /** Reconciles every disagreement found; returns the fixed ones (as found, before the fix). */
    public List<Disagreement> reconcile() {
        List<Disagreement> fixed = new ArrayList<>();
        for (Disagreement found : executions.disagreements(properties.staleAfter(), SCAN_LIMIT)) {
            if (heartbeat.manages(found.executionId())) {
                continue;
            }
            try {
                if (fix(found)) {
                    fixed.add(found);
                }
            } catch (Exception e) {
                log.warn("Could not reconcile execution {} (ledger {}, Spring Batch {}): {}", found.executionId(),
                        found.status(), found.batchStatus(), e.getMessage(), e);
            }
        }
        return fixed;
    }

    private boolean fix(Disagreement found) throws Exception {
        long executionId = found.executionId();
        BatchStatus batch = BatchStatus.valueOf(found.batchStatus());
        boolean ledgerRunning = "STARTING".equals(found.status()) || "STARTED".equals(found.status());
        List<NewEvent> events = new ArrayList<>();
        String outcome;
        if (ledgerRunning) {
            BatchStatus ended = switch (batch) {
                case COMPLETED, STOPPED -> batch;
                default -> BatchStatus.FAILED;
            };
            events.add(complete(executionId, ended, batch));
            if (batch == BatchStatus.ABANDONED) {
                events.add(abandoned(executionId));
            }
            outcome = "recorded its end in the ledger as " + ended + (batch == BatchStatus.ABANDONED ? ", abandoned" : "");
        } else if (batch == BatchStatus.ABANDONED) {
            events.add(abandoned(executionId));
            outcome = "recorded it abandoned in the ledger";
        } else {
            outcome = "set it " + found.status() + " in Spring Batch";
        }
        try {
            writer.change(executionId, job -> {
                if (job.getStatus() != batch
                        || executions.lockStatus(executionId).filter(found.status()::equals).isEmpty()) {
                    throw new StateChanged();
                }
                if (events.isEmpty()) {
                    writer.settle(job, BatchStatus.valueOf(found.status()));
                }
            }, events);
        } catch (StateChanged e) {
            return false;
        }
        log.warn("Reconciled execution {}: the ledger had it {} and Spring Batch {} (a process of an older version"
                + " died between writing the two); {}", executionId, found.status(), batch, outcome);
        return true;
    }

    private NewEvent complete(long executionId, BatchStatus status, BatchStatus batch) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("reconciled", true);
        context.put("batch_status", batch.name());
        Map<String, Object> error = status == BatchStatus.COMPLETED ? null : Map.of("type", "reconciled",
                "message", "execution " + executionId + " ended " + batch + " in Spring Batch, but its process died"
                        + " before the ledger recorded the end; reconciled at start-up");
        Long cause = ledger.latestEventId(executionId, EventType.EXECUTION_STARTED, null).orElse(null);
        return NewEvent.of(executionId, EventType.EXECUTION_COMPLETE).parent(cause).status(status.name())
                .context(context).error(error).build();
    }

    private NewEvent abandoned(long executionId) {
        Long cause = ledger.latestEventId(executionId, EventType.EXECUTION_COMPLETE, null).orElse(null);
        return NewEvent.of(executionId, EventType.EXECUTION_ABANDONED).parent(cause).status("ABANDONED")
                .context(Map.of("reconciled", true)).build();
    }

    /** Rolls a fix back when another process changed the execution since it was found. */
    private static final class StateChanged extends RuntimeException {
        StateChanged() {
            super("the execution changed since it was found", null, false, false);
        }
    }

    @Override
    public void start() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            // The database may be briefly unreachable; recovery still finds dead executions later.
            log.warn("Start-up reconciliation failed: {}", e.getMessage());
        }
        ran = true;
    }

    @Override
    public void stop() {
        // Nothing runs after start-up.
    }

    @Override
    public boolean isRunning() {
        return ran;
    }
}
