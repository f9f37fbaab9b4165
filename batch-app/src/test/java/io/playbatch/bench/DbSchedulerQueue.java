package io.playbatch.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The peer of Playbatch's loop in {@code ops/bench-compare}: a db-scheduler queue of N one-time
 * no-op tasks, polled with lock-and-fetch by {@code threads} executor threads that lock up to
 * {@code fetchSize} due executions per poll, measured from the first schedule to the last
 * completion. Each measurement starts a scheduler of its own on a table of its own and stops it
 * after, so no run inherits another's state; one measurement at a time.
 */
final class DbSchedulerQueue {

    /** How long a scheduler sleeps between polls when nothing woke it: Playbatch's default queue poll interval. */
    private static final Duration POLLING_INTERVAL = Duration.ofMillis(500);

    private final DataSource dataSource;
    private final int threads;
    private final int fetchSize;
    private final OneTimeTask<Void> noop = Tasks.oneTime("bench-noop").execute((instance, context) -> { });

    DbSchedulerQueue(DataSource dataSource, int threads, int fetchSize) {
        this.dataSource = dataSource;
        this.threads = threads;
        this.fetchSize = fetchSize;
    }

    /** Creates a db-scheduler table (its PostgreSQL definition) named {@code table}. */
    private void createTable(String table) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("""
                CREATE TABLE %s (
                  task_name text NOT NULL,
                  task_instance text NOT NULL,
                  task_data bytea,
                  execution_time timestamptz NOT NULL,
                  picked boolean NOT NULL,
                  picked_by text,
                  last_success timestamptz,
                  last_failure timestamptz,
                  consecutive_failures int,
                  last_heartbeat timestamptz,
                  version bigint NOT NULL,
                  priority smallint,
                  PRIMARY KEY (task_name, task_instance))""".formatted(table));
        jdbc.execute("CREATE INDEX %s_execution_time_idx ON %1$s (execution_time)".formatted(table));
        jdbc.execute("CREATE INDEX %s_last_heartbeat_idx ON %1$s (last_heartbeat)".formatted(table));
        jdbc.execute("CREATE INDEX %s_priority_execution_time_idx ON %1$s (priority DESC, execution_time ASC)"
                .formatted(table));
    }

    /**
     * Schedules {@code tasks} one-time no-op tasks due now in db-scheduler's batch insert, into a new
     * table named {@code table}, and waits for the last to complete. A new table each time: one
     * that a run before had filled and emptied measured at less than half the speed, vacuumed or not.
     *
     * @return executions per second from the first schedule to the last completion
     */
    double measure(int tasks, String table) throws InterruptedException {
        createTable(table);
        CountDownLatch completed = new CountDownLatch(tasks);
        Scheduler scheduler = Scheduler.create(dataSource, noop)
                .tableName(table)
                .threads(threads)
                // Counted in threads: lock up to fetchSize per poll, poll again when under threads / 2 are left.
                .pollUsingLockAndFetch(0.5, (double) fetchSize / threads)
                .pollingInterval(POLLING_INTERVAL)
                // Wakes the scheduler when a task due now is scheduled, as Playbatch's NOTIFY wakes its workers.
                .enableImmediateExecution()
                .addSchedulerListener(new AbstractSchedulerListener() {
                    @Override
                    public void onExecutionComplete(ExecutionComplete complete) {
                        // Called after the completion handler removed the row: the task is done in the database.
                        completed.countDown();
                    }
                })
                .build();
        scheduler.start();
        try {
            long started = System.nanoTime();
            scheduler.scheduleBatch(IntStream.range(0, tasks).mapToObj(
                    i -> (TaskInstance<?>) noop.instance("task-" + i)), Instant.now());
            if (!completed.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException(completed.getCount() + " db-scheduler tasks never completed");
            }
            return tasks / ((System.nanoTime() - started) / 1e9);
        } finally {
            scheduler.stop();
        }
    }
}
