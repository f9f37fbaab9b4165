package io.playbatch.recovery;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.RecoverySpec;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.ledger.NewEvent;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.operate.NotRestartableException;
import io.playbatch.operate.OperationsService;
import io.playbatch.operate.RunHandle;
import io.playbatch.runtime.ManagerHeartbeat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Automatic resume (docs/operations.md#automatic-resume): an execution that recovery ended because
 * its manager died is restarted by this process when its playbook's {@code recovery} says
 * {@code resume: auto} and its run has had fewer than {@code max_resumes} resumes (its
 * {@code execution_resumed} events). The restart is an operator's restart in every respect
 * ({@link OperationsService#submitRestart}: completed steps and iterations reused, one restart per
 * execution however many processes try) but never waits in the admission line of client starts.
 * Each resume records {@code execution_resumed} on the new execution. Only processes with
 * {@code playbatch.recovery.resume} (what {@code serve} sets) resume; the others do nothing here.
 * Thread-safe.
 */
@Component
public class ExecutionResumer {

    private static final Logger log = LoggerFactory.getLogger(ExecutionResumer.class);
    private static final int SCAN_LIMIT = 100;
    /** The {@code via} of a resumed execution's {@code execution_started}. */
    static final String VIA = "resume";

    private final ExecutionRepository executions;
    private final EventLedger ledger;
    private final OperationsService operations;
    private final ManagerHeartbeat heartbeat;
    private final RecoveryProperties properties;
    /** Executions whose playbook declined a resume: the answer does not change, so neither ask nor log again. */
    private final Set<Long> declined = ConcurrentHashMap.newKeySet();

    public ExecutionResumer(ExecutionRepository executions, EventLedger ledger, OperationsService operations,
            ManagerHeartbeat heartbeat, RecoveryProperties properties) {
        this.executions = executions;
        this.ledger = ledger;
        this.operations = operations;
        this.heartbeat = heartbeat;
        this.properties = properties;
    }

    /** Resumes every execution that may be resumed now; returns the new executions (none in a process that does not resume). */
    public List<RunHandle> resumeDead() {
        if (!properties.resume()) {
            return List.of();
        }
        List<RunHandle> resumed = new ArrayList<>();
        for (long executionId : executions.resumable(properties.resumeWithin(), SCAN_LIMIT)) {
            if (declined.contains(executionId)) {
                continue;
            }
            try {
                resume(executionId).ifPresent(resumed::add);
            } catch (NotRestartableException e) {
                // Another process (or an operator) restarts it; the run goes on without this one.
                log.debug("Execution {} is not resumed here: {}", executionId, e.getMessage());
            } catch (Exception e) {
                // Its restart claim was released: a later pass (here or elsewhere) tries again.
                log.warn("Resume of execution {} failed: {}", executionId, e.getMessage(), e);
            }
        }
        return resumed;
    }

    private Optional<RunHandle> resume(long deadExecutionId) throws Exception {
        ExecutionRecord dead = executions.find(deadExecutionId).orElseThrow();
        Optional<PlaybookGraph> graph = operations.revisionGraph(dead.playbookPath(), dead.playbookRevision());
        if (graph.isEmpty()) {
            decline(deadExecutionId, "the source of revision " + dead.playbookRevision() + " of "
                    + dead.playbookPath() + " was not kept or no longer compiles; start a new run instead");
            return Optional.empty();
        }
        RecoverySpec recovery = graph.get().recovery();
        int resumesSoFar = ledger.eventsOfRun(dead.runId(), EventType.EXECUTION_RESUMED).size();
        if (!recovery.resumesAfter(resumesSoFar)) {
            decline(deadExecutionId, recovery.resume() == RecoverySpec.Resume.MANUAL
                    ? "its playbook says recovery: { resume: manual }; restart it with 'playbatch restart "
                            + deadExecutionId + "'"
                    : "run " + dead.runId() + " was resumed " + resumesSoFar + " times, its playbook's max_resumes;"
                            + " restart it with 'playbatch restart " + deadExecutionId + "'");
            return Optional.empty();
        }
        RunHandle handle = operations.submitRestart(deadExecutionId, VIA);
        int number = resumesSoFar + 1;
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("dead_execution_id", deadExecutionId);
        context.put("new_execution_id", handle.executionId());
        context.put("dead_manager_id", deadManager(deadExecutionId));
        context.put("new_manager_id", heartbeat.managerId());
        context.put("resume", number);
        context.put("max_resumes", recovery.maxResumes());
        Long cause = ledger.latestEventId(handle.executionId(), EventType.EXECUTION_STARTED, null).orElse(null);
        ledger.append(NewEvent.of(handle.executionId(), EventType.EXECUTION_RESUMED).parent(cause)
                .status("resumed").context(context).build());
        log.warn("Resumed execution {} of run {} (its manager {} died) as execution {}: resume {} of at most {}",
                deadExecutionId, dead.runId(), context.get("dead_manager_id"), handle.executionId(), number,
                recovery.maxResumes());
        return Optional.of(handle);
    }

    /** The manager that died, as recovery recorded it in the execution's {@code execution_complete}. */
    private String deadManager(long executionId) {
        return ledger.events(executionId, 0, 1, null, EventType.EXECUTION_COMPLETE).stream().findFirst()
                .map(StoredEvent::context).map(c -> c.get("manager_id")).map(String::valueOf).orElse(null);
    }

    private void decline(long executionId, String why) {
        if (declined.add(executionId)) {
            log.warn("Execution {} stays FAILED after its manager died: {}", executionId, why);
        }
    }
}
