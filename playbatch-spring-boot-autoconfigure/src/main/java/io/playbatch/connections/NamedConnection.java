package io.playbatch.connections;

import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.transaction.support.TransactionOperations;

/**
 * A connection a playbook named ({@code connection: NAME}): its {@link DataSource} and how its
 * writes commit. On {@code default} {@link #write} runs in the caller's transaction, so a chunk's
 * rows commit with Spring Batch's metadata; on any other connection it runs in a transaction of
 * that database, committed when {@code write} returns (docs/connections.md#transactions).
 */
public record NamedConnection(String name, DataSource dataSource, TransactionOperations transactions) {

    /** Runs {@code work}, whose statements go to {@link #dataSource()}, in this connection's transaction. */
    public <T> T write(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }
}
