package io.playbatch.testsupport;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.SnapshotProjector;
import io.playbatch.queue.CompletionRegistry;
import io.playbatch.queue.QueueNotifications;
import io.playbatch.queue.QueueProperties;
import io.playbatch.queue.QueueRepository;
import io.playbatch.queue.WorkQueue;
import io.playbatch.tasks.Task;
import io.playbatch.tasks.TaskRunner;
import io.playbatch.worker.QueueWorker;
import io.playbatch.worker.WorkerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The queue wired by hand on a fresh, migrated, pooled test database: ledger, repository, work
 * queue, completion registry, notifications, and as many workers as a test wants, each with its
 * own settings. Closing stops the workers and the pool.
 */
public final class QueueKit implements AutoCloseable {

    public final HikariDataSource dataSource;
    public final JdbcTemplate jdbc;
    public final JsonCodec json = new JsonCodec();
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final EventLedger ledger;
    public final CompletionRegistry registry = new CompletionRegistry();
    public final WorkQueue queue;
    public final QueueNotifications notifications;
    private final List<QueueWorker> workers = new ArrayList<>();

    private QueueKit(TestDatabase database) {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.url());
        dataSource.setUsername(database.user());
        dataSource.setPassword(database.password());
        dataSource.setMaximumPoolSize(40);
        jdbc = new JdbcTemplate(dataSource);
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
        JdbcTransactionManager transactions = new JdbcTransactionManager(dataSource);
        ledger = new EventLedger(named, transactions, new SnapshotProjector(named, json), json, meters);
        queue = new WorkQueue(new QueueRepository(named, json), ledger, registry, json, transactions, meters);
        notifications = new QueueNotifications(dataSource, queue, registry, new QueueProperties(Duration.ofMillis(100)));
        notifications.start();
    }

    public static QueueKit create() {
        return new QueueKit(TestDatabases.create());
    }

    /** A started worker running {@code tasks}. */
    public QueueWorker worker(String instance, WorkerSettings settings, Task... tasks) {
        QueueWorker worker = new QueueWorker(queue, new TaskRunner(List.of(tasks)), notifications, settings,
                "test:" + instance, () -> false);
        worker.start();
        workers.add(worker);
        return worker;
    }

    /** Fast settings for tests: short lease and heartbeat, quick polling and reaping. */
    public static WorkerSettings settings(int threads, int batchSize) {
        return new WorkerSettings(threads, batchSize, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofMillis(100), Duration.ofMillis(200));
    }

    public long execution() {
        return TestExecutions.insert(jdbc, "queue-test");
    }

    public double counter(String name) {
        return meters.counter(name).count();
    }

    @Override
    public void close() {
        workers.forEach(QueueWorker::stop);
        notifications.stop();
        dataSource.close();
    }
}
