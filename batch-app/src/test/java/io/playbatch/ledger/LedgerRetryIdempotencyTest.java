package io.playbatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.playbatch.database.DatabaseOutage;
import io.playbatch.database.OutageExit;
import io.playbatch.database.OutageTolerantTransactionManager;
import io.playbatch.json.JsonCodec;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestExecutions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * A ledger append whose commit went through but whose answer was lost (the connection dropped
 * right after COMMIT) is retried through the outage, and the retry finds the rows that commit
 * wrote instead of writing them again: the events were given their ids before the transaction.
 */
class LedgerRetryIdempotencyTest {

    private JdbcTemplate jdbc;
    private EventLedger ledger;
    private final AtomicInteger lostCommits = new AtomicInteger();
    private long executionId;

    @BeforeEach
    void ledger() {
        DataSource dataSource = TestDatabases.create().dataSource();
        jdbc = new JdbcTemplate(dataSource);
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
        JsonCodec json = new JsonCodec();
        OutageExit never = message -> {
            throw new AssertionError("no outage should last: " + message);
        };
        DatabaseOutage outage = new DatabaseOutage(Duration.ofSeconds(30), never, List::of);
        OutageTolerantTransactionManager transactions = new OutageTolerantTransactionManager(dataSource, outage) {
            @Override
            protected void doCommit(DefaultTransactionStatus status) {
                super.doCommit(status);
                if (lostCommits.getAndIncrement() == 0) {
                    throw new DataAccessResourceFailureException("JDBC commit",
                            new SQLException("An I/O error occurred while sending to the backend.", "08006"));
                }
            }
        };
        ledger = new EventLedger(named, transactions, new SnapshotProjector(named, json), json,
                new SimpleMeterRegistry());
        executionId = TestExecutions.insert(jdbc, "retry");
    }

    @Test
    void aBatchWhoseCommitAnswerWasLostIsWrittenOnce() {
        List<NewEvent> events = IntStream.range(0, 3).mapToObj(i -> NewEvent.of(executionId,
                EventType.LOOP_ITERATION_COMPLETED).node("calls", "loop").nodeId("calls[" + i + "]").index(i)
                .status("completed").build()).toList();

        List<AppendResult> results = ledger.appendAll(events);

        assertThat(lostCommits).as("the first commit's answer was lost, the retry committed").hasValue(2);
        assertThat(jdbc.queryForList("SELECT event_id FROM event WHERE execution_id = ?"
                + " AND event_type = 'loop_iteration_completed' ORDER BY event_id", Long.class, executionId))
                .containsExactlyElementsOf(results.stream().map(AppendResult::eventId).toList());
    }

    @Test
    void aSingleEventWhoseCommitAnswerWasLostIsWrittenOnce() {
        AppendResult result = ledger.append(NewEvent.of(executionId, EventType.TASK_COMPLETED)
                .node("fetch", "task").nodeId("fetch").status("completed").build());

        assertThat(lostCommits).hasValue(2);
        assertThat(jdbc.queryForList("SELECT event_id FROM event WHERE execution_id = ?", Long.class, executionId))
                .containsExactly(result.eventId());
    }

    @Test
    void aStepsWholeFactWhoseCommitAnswerWasLostIsWrittenOnceWithItsTransition() {
        List<Long> ids = ledger.reserveIds(3);
        NewEvent started = NewEvent.of(executionId, EventType.STEP_STARTED).node("route", "task").build();
        NewEvent completed = NewEvent.of(executionId, EventType.STEP_COMPLETED).node("route", "task")
                .parent(ids.get(0)).status("completed").build();
        NewEvent transition = NewEvent.of(executionId, EventType.TRANSITION).node("route", "transition")
                .parent(ids.get(1)).context(Map.of("from", "route", "to", "end", "kind", "next")).build();

        List<AppendResult> results = ledger.appendFact(List.of(started, completed, transition), ids);

        assertThat(lostCommits).hasValue(2);
        assertThat(results).extracting(AppendResult::eventId).containsExactlyElementsOf(ids);
        assertThat(jdbc.queryForList("SELECT event_type FROM event WHERE execution_id = ? ORDER BY event_id",
                String.class, executionId)).containsExactly("step_started", "step_completed", "transition");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM transition WHERE execution_id = ?", Integer.class,
                executionId)).isOne();
    }

    @Test
    void aRoutersCourseWhoseCommitAnswerWasLostIsWrittenOnce() {
        List<AppendResult> results = ledger.appendStepCourse(executionId, "route", 3, opening -> List.of(
                NewEvent.of(executionId, EventType.STEP_STARTED).node("route", "task").parent(opening.causeEventId())
                        .build(),
                NewEvent.of(executionId, EventType.STEP_COMPLETED).node("route", "task")
                        .parent(opening.reservedIds().get(0)).status("completed").build()));

        assertThat(lostCommits).as("the first commit's answer was lost, the retry committed").hasValue(2);
        assertThat(results).as("the retry found the step started and wrote nothing").isEmpty();
        assertThat(jdbc.queryForList("SELECT event_type FROM event WHERE execution_id = ? ORDER BY event_id",
                String.class, executionId)).containsExactly("step_started", "step_completed");
    }

    @Test
    void aRouterCarriedOverByARestartWritesNothing() {
        lostCommits.set(1);
        ledger.append(NewEvent.of(executionId, EventType.STEP_REUSED).node("route", "task").status("reused").build());

        List<AppendResult> results = ledger.appendStepCourse(executionId, "route", 3, opening -> List.of(
                NewEvent.of(executionId, EventType.STEP_STARTED).node("route", "task").build()));

        assertThat(results).isEmpty();
        assertThat(jdbc.queryForList("SELECT event_type FROM event WHERE execution_id = ?", String.class,
                executionId)).containsExactly("step_reused");
    }
}
