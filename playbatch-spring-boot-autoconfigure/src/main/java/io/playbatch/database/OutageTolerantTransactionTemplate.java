package io.playbatch.database;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A {@link TransactionTemplate} that retries its whole transaction through the
 * {@link DatabaseOutage} of an {@link OutageTolerantTransactionManager} while the database is
 * unreachable. Only an outermost transaction is retried: one started inside another (joined, or
 * a new one while the outer is suspended) fails, and the outer boundary retries everything. The
 * callback must therefore be safe to run again after a rollback, and keep no in-memory effect of
 * an attempt that rolled back. With any other transaction manager it is a plain template.
 */
public class OutageTolerantTransactionTemplate extends TransactionTemplate {

    private final OutageTolerantTransactionManager manager;

    public OutageTolerantTransactionTemplate(PlatformTransactionManager transactionManager) {
        super(transactionManager);
        this.manager = transactionManager instanceof OutageTolerantTransactionManager tolerant ? tolerant : null;
    }

    @Override
    public <T> T execute(TransactionCallback<T> action) throws TransactionException {
        if (manager == null || manager.inTransaction()) {
            return super.execute(action);
        }
        return manager.outage().ride("a transaction", () -> super.execute(action));
    }
}
