package io.playbatch.database;

import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * The application's JDBC transaction manager (Spring Batch's job repository uses it too). It
 * carries the {@link DatabaseOutage}, so every {@link OutageTolerantTransactionTemplate} built on it
 * retries its transactions without each repository being handed the outage, and it knows whether
 * the current thread is inside one of its transactions: only the outermost boundary retries.
 */
public class OutageTolerantTransactionManager extends JdbcTransactionManager {

    private final transient DatabaseOutage outage;
    private final transient ThreadLocal<int[]> open = ThreadLocal.withInitial(() -> new int[1]);

    public OutageTolerantTransactionManager(DataSource dataSource, DatabaseOutage outage) {
        super(dataSource);
        this.outage = outage;
    }

    public DatabaseOutage outage() {
        return outage;
    }

    /** Whether the current thread runs inside a transaction of this manager (its own, or suspended by a new one). */
    public boolean inTransaction() {
        return open.get()[0] > 0;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        open.get()[0]++;
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        try {
            super.doCleanupAfterCompletion(transaction);
        } finally {
            open.get()[0]--;
        }
    }
}
