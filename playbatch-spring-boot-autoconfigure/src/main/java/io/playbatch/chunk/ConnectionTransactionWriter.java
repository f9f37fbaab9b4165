package io.playbatch.chunk;

import io.playbatch.connections.NamedConnection;
import java.util.Map;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * A sql writer's chunk written in its connection's transaction: on {@code default} the chunk's own,
 * so the rows commit with Spring Batch's metadata; on any other connection that database's own,
 * committed when the chunk is written, before the metadata (docs/connections.md#transactions).
 * Single-use per step execution.
 */
final class ConnectionTransactionWriter implements ItemWriter<Map<String, Object>> {

    private final NamedConnection connection;
    private final ItemWriter<Map<String, Object>> delegate;

    ConnectionTransactionWriter(NamedConnection connection, ItemWriter<Map<String, Object>> delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    @Override
    public void write(Chunk<? extends Map<String, Object>> chunk) throws Exception {
        try {
            connection.write(() -> {
                try {
                    delegate.write(chunk);
                    return null;
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    // Unchecked inside, so that the connection's transaction rolls back; the original is rethrown.
                    throw new CheckedWriteFailure(e);
                }
            });
        } catch (CheckedWriteFailure e) {
            throw e.checked;
        }
    }

    private static final class CheckedWriteFailure extends RuntimeException {
        private final Exception checked;

        CheckedWriteFailure(Exception checked) {
            super(checked);
            this.checked = checked;
        }
    }
}
