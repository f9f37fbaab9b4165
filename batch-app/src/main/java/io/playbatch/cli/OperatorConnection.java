package io.playbatch.cli;

import io.playbatch.catalog.RegisteredPlaybook;
import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.operate.RunHandle;
import io.playbatch.report.ExecutionPage;
import io.playbatch.report.RunProgress;
import io.playbatch.report.RunResume;
import io.playbatch.report.RunSummary;
import io.playbatch.schedule.ScheduleView;
import java.util.List;
import java.util.Map;

/**
 * What the read commands and operator verbs ask, answered either by the services in a Spring context
 * on the database ({@link LocalConnection}) or by a running server's REST API ({@link RemoteConnection}).
 * Both return the same read models, so each command renders its output in one place whichever answered.
 */
interface OperatorConnection extends AutoCloseable {

    ExecutionPage list(ExecutionFilter filter);

    ExecutionRecord execution(long executionId);

    RunSummary summary(long executionId);

    List<StoredEvent> events(long executionId);

    /** The automatic resumes of the execution's run, oldest first. */
    List<RunResume> resumes(long executionId);

    ExecutionRecord stop(long executionId);

    ExecutionRecord abandon(long executionId, String reason) throws Exception;

    ExecutionRecord recover(long executionId);

    /** Every execution whose managing process is dead, now FAILED. */
    List<ExecutionRecord> recoverDead();

    /** The registered playbooks, by path. */
    List<RegisteredPlaybook> playbooks();

    /** Whether an execution this connection starts is run by this process (which must then wait for its end). */
    boolean runsHere();

    /** Starts the next execution of a FAILED or STOPPED run; it runs in the process that answers. */
    RunHandle restart(long executionId) throws Exception;

    /** Starts a new run from {@code fromStep}; it runs in the process that answers. */
    RunHandle replay(long executionId, String fromStep, Map<String, Object> workload, boolean latest);

    /** How far the execution is; a server reports its steps, not its loops' iteration counts. */
    RunProgress progress(long executionId);

    List<ScheduleView> schedules();

    ScheduleView pauseSchedule(String scheduleId);

    ScheduleView resumeSchedule(String scheduleId);

    @Override
    void close();

    /** The server's API when one is named or runs on the data directory, else the database itself. */
    static OperatorConnection open(ServerOptions server, DatabaseOptions database) {
        return open(server, database, ApplicationContexts.NO_WORKER);
    }

    /** As {@link #open(ServerOptions, DatabaseOptions)}, with these properties for a local context. */
    static OperatorConnection open(ServerOptions server, DatabaseOptions database, Map<String, Object> properties) {
        return new ServerLocator().locate(server, database)
                .<OperatorConnection>map(url -> new RemoteConnection(url, System.getenv("PLAYBATCH_API_TOKEN")))
                .orElseGet(() -> new LocalConnection(ApplicationContexts.open(database, properties)));
    }
}
