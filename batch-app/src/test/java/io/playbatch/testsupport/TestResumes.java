package io.playbatch.testsupport;

import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records the {@code execution_resumed} event an automatic resume writes, for tests of what shows
 * it (show, the API, the console) without killing a manager first.
 */
public final class TestResumes {

    public static final String DEAD_MANAGER = "host-a:101:manager";
    public static final String NEW_MANAGER = "host-b:202:manager";

    private TestResumes() {
    }

    /** Records that {@code executionId} took over, as resume {@code number}, from {@code deadExecutionId}. */
    public static void record(EventLedger ledger, long deadExecutionId, long executionId, int number) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("dead_execution_id", deadExecutionId);
        context.put("new_execution_id", executionId);
        context.put("dead_manager_id", DEAD_MANAGER);
        context.put("new_manager_id", NEW_MANAGER);
        context.put("resume", number);
        context.put("max_resumes", 3);
        ledger.append(NewEvent.of(executionId, EventType.EXECUTION_RESUMED).status("resumed").context(context).build());
    }
}
