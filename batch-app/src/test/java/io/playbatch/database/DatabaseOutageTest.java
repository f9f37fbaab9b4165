package io.playbatch.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.io.EOFException;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures count as a database outage, how an operation rides one out, and what happens when
 * it lasts longer than the tolerance (exit 3 through the {@link OutageExit} seam, recorded here).
 */
class DatabaseOutageTest {

    private final List<String> exits = new CopyOnWriteArrayList<>();
    private final OutageExit recordingExit = exits::add;

    @Test
    void lostRefusedAndTerminatedConnectionsAreTransient() {
        assertThat(DatabaseOutage.isTransient(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(DatabaseOutage.isTransient(new SQLException("connection refused", "08001"))).isTrue();
        assertThat(DatabaseOutage.isTransient(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(DatabaseOutage.isTransient(new SQLException("crash shutdown", "57P02"))).isTrue();
        assertThat(DatabaseOutage.isTransient(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
        assertThat(DatabaseOutage.isTransient(new SQLException("too many clients", "53300"))).isTrue();
        assertThat(DatabaseOutage.isTransient(new DataAccessResourceFailureException("pool",
                new SQLTransientConnectionException("playbatch - Connection is not available")))).isTrue();
        assertThat(DatabaseOutage.isTransient(new DataAccessResourceFailureException("read",
                new SQLException("I/O", new EOFException())))).isTrue();
        assertThat(DatabaseOutage.isTransient(new IllegalStateException(new SocketException("Connection reset"))))
                .isTrue();
        assertThat(DatabaseOutage.isTransient(new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed")))).isTrue();
    }

    @Test
    void constraintViolationsAndBugsAreNotTransient() {
        assertThat(DatabaseOutage.isTransient(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseOutage.isTransient(new DuplicateKeyException("duplicate key"))).isFalse();
        assertThat(DatabaseOutage.isTransient(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseOutage.isTransient(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void aConnectionTheServerTerminatedFailsTransiently() throws Exception {
        TestDatabase database = TestDatabases.create();
        try (Connection victim = database.dataSource().getConnection()) {
            int pid = queryInt(victim, "SELECT pg_backend_pid()");
            new JdbcTemplate(database.dataSource()).queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pid);

            assertThatThrownBy(() -> queryInt(victim, "SELECT 1")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(DatabaseOutage.isTransient(e)).as("%s", e).isTrue());
        }
    }

    @Test
    void anOperationIsRetriedUntilTheDatabaseAnswersAgain() {
        DatabaseOutage outage = outage(Duration.ofSeconds(10));
        AtomicInteger attempts = new AtomicInteger();

        String result = outage.ride("a test", () -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new DataAccessResourceFailureException("down", new SQLException("terminated", "57P01"));
            }
            return "answered";
        });

        assertThat(result).isEqualTo("answered");
        assertThat(attempts).hasValue(4);
        assertThat(outage.currentOutage()).as("the outage ended with the success").isZero();
        assertThat(exits).isEmpty();
    }

    @Test
    void justAfterAnOutageNothingIsJudgedExpiredForOnePeriod() {
        DatabaseOutage outage = outage(Duration.ofSeconds(10));
        assertThat(outage.recentlyOut(Duration.ofMinutes(1))).as("no outage yet").isFalse();
        AtomicInteger attempts = new AtomicInteger();

        outage.ride("a test", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new DataAccessResourceFailureException("down", new SQLException("terminated", "57P01"));
            }
            return "answered";
        });

        assertThat(outage.recentlyOut(Duration.ofMinutes(1))).as("within a period of its end").isTrue();
        assertThat(outage.recentlyOut(Duration.ZERO)).as("a zero period still waits the longest retry delay")
                .isTrue();
        Deadline.await(Duration.ofSeconds(5), "the longest retry delay to pass",
                () -> !outage.recentlyOut(Duration.ZERO));
    }

    @Test
    void aFailureThatIsNotAnOutageIsNotRetried() {
        DatabaseOutage outage = outage(Duration.ofSeconds(10));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> outage.ride("a test", () -> {
            attempts.incrementAndGet();
            throw new DuplicateKeyException("duplicate key");
        })).isInstanceOf(DuplicateKeyException.class);
        assertThat(attempts).hasValue(1);
        assertThat(exits).isEmpty();
    }

    @Test
    void anOutageLongerThanTheToleranceExitsNamingTheErrorAndTheExecutionsLeft() {
        DatabaseOutage outage = outage(Duration.ofMillis(300));
        AtomicInteger attempts = new AtomicInteger();
        long start = System.nanoTime();

        assertThatThrownBy(() -> outage.ride("a ledger append", () -> {
            attempts.incrementAndGet();
            throw new DataAccessResourceFailureException("down",
                    new SQLException("Connection to localhost:5432 refused", "08001"));
        })).isInstanceOf(DataAccessResourceFailureException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(attempts.get()).as("tried again in the meantime").isGreaterThan(2);
        assertThat(exits).singleElement().asString()
                .startsWith("PostgreSQL unreachable for 0.3s (last error: SQLException: Connection to localhost:5432"
                        + " refused, during a ledger append)")
                .endsWith("executions left for recovery: [7, 9]");
        assertThat(OutageExit.EXIT_CODE).isEqualTo(3);
    }

    @Test
    void onceTheContextClosesAnOutageIsNoLongerRiddenOutNorAnExit() {
        DatabaseOutage outage = outage(Duration.ofSeconds(10));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> outage.ride("a lease", () -> {
            if (attempts.incrementAndGet() == 2) {
                // What Spring publishes before it stops the first component of a closing context.
                outage.onApplicationEvent(new ContextClosedEvent(new GenericApplicationContext()));
            }
            throw new DataAccessResourceFailureException("down", new SQLException("terminated", "57P01"));
        })).isInstanceOf(DataAccessResourceFailureException.class);

        assertThat(attempts).as("no attempt after the one during which the context closed").hasValue(2);
        assertThat(exits).as("a closing process exits as it closes, not with code 3").isEmpty();
    }

    private DatabaseOutage outage(Duration tolerance) {
        return new DatabaseOutage(tolerance, recordingExit, () -> List.of(7L, 9L), Duration.ofMillis(10),
                Duration.ofMillis(40));
    }

    private static int queryInt(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
