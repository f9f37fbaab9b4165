package io.playbatch.cli;

import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.operate.ExecutionPage;
import io.playbatch.operate.RunSummary;
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

    ExecutionRecord stop(long executionId);

    ExecutionRecord abandon(long executionId, String reason) throws Exception;

    ExecutionRecord recover(long executionId);

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
        return new ServerLocator(RemoteConnection.httpClient()).locate(server, database)
                .<OperatorConnection>map(url -> new RemoteConnection(url, System.getenv("PLAYBATCH_API_TOKEN")))
                .orElseGet(() -> new LocalConnection(ApplicationContexts.open(database, properties)));
    }
}
