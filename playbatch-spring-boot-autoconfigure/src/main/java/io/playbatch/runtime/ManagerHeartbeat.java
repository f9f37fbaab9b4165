package io.playbatch.runtime;

import io.playbatch.database.ExecutionsInHand;
import io.playbatch.periodic.PeriodicPass;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.worker.WorkerIds;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedRuntimeException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The heartbeat of the executions this process manages (runs the jobs of): every
 * {@code playbatch.manager.heartbeat} one statement stamps {@code execution.manager_id} and
 * {@code manager_heartbeat_at} of all of them, so recovery can tell a live manager from a dead one
 * (docs/state-machine.md), and reads back Spring Batch's status of each, so a stop requested by
 * any process ({@code JobOperator.stop}: status STOPPING) reaches the running job's waiting steps
 * within one heartbeat ({@link #stopRequested}). Thread-safe.
 */
@Component
public class ManagerHeartbeat extends PeriodicPass implements ExecutionsInHand {

    private static final Logger log = LoggerFactory.getLogger(ManagerHeartbeat.class);

    private final ExecutionRepository executions;
    private final String managerId = WorkerIds.of("manager");
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final Set<Long> stopping = ConcurrentHashMap.newKeySet();

    public ManagerHeartbeat(ExecutionRepository executions, ManagerProperties properties,
            TaskScheduler playbatchTaskScheduler) {
        super(playbatchTaskScheduler, properties.heartbeat(), properties.heartbeat());
        this.executions = executions;
    }

    /** The id this process's manager beats with ({@code execution.manager_id} of what it runs). */
    public String managerId() {
        return managerId;
    }

    /** Starts beating for an execution this process now runs; its first beat is written at once. */
    public void track(long executionId) {
        running.add(executionId);
        beat(List.of(executionId));
    }

    /** Stops beating for an execution whose job ended in this process. */
    public void untrack(long executionId) {
        running.remove(executionId);
        stopping.remove(executionId);
    }

    /** Whether this process runs the execution (its job has not ended here): its own recovery must not take it. */
    public boolean manages(long executionId) {
        return running.contains(executionId);
    }

    /** The executions whose jobs run in this process: named when an outage ends the process. */
    @Override
    public Collection<Long> executionIds() {
        return List.copyOf(running);
    }

    /** Whether a stop of the execution was requested, as of the last heartbeat. */
    public boolean stopRequested(long executionId) {
        return stopping.contains(executionId);
    }

    /** Beats for every execution this process runs. */
    @Override
    protected void pass() {
        beat(List.copyOf(running));
    }

    private void beat(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            executions.beat(managerId, ids).forEach((id, beat) -> {
                boolean stopAsked = "STOPPING".equals(beat.batchStatus()) || "STOPPED".equals(beat.batchStatus());
                // Recovered by another process that presumed this one dead (it missed its beats, a long pause):
                // its tasks are buried and a restart runs them, so this process must dispatch nothing more.
                boolean recovered = !"STARTING".equals(beat.status()) && !"STARTED".equals(beat.status())
                        && !managerId.equals(beat.managerId());
                if ((stopAsked || recovered) && running.contains(id) && stopping.add(id) && recovered) {
                    log.warn("Execution {} was recovered by {} while this process still ran it (this process"
                            + " missed its heartbeats); it dispatches nothing more of it", id, beat.managerId());
                }
            });
        } catch (RuntimeException e) {
            // A missed beat is harmless unless it lasts for stale-after; the next one retries.
            log.warn("Manager heartbeat of {} executions failed: {}", ids.size(),
                    e instanceof NestedRuntimeException nested
                            ? nested.getMostSpecificCause().getMessage() : e.getMessage());
        }
    }
}
