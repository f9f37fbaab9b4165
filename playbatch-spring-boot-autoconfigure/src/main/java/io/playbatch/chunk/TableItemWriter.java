package io.playbatch.chunk;

import io.playbatch.save.TableWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * A chunk writer into an existing table ({@code writer: {type: sql, table, mode, key}}): one
 * batched insert or upsert per chunk, inside the chunk's transaction. Single-use per step execution.
 */
final class TableItemWriter implements ItemWriter<Map<String, Object>> {

    private final TableWriter tables;
    private final String table;
    private final TableWriter.Mode mode;
    private final List<String> key;

    TableItemWriter(TableWriter tables, String table, TableWriter.Mode mode, List<String> key) {
        this.tables = tables;
        this.table = table;
        this.mode = mode;
        this.key = key;
    }

    @Override
    public void write(Chunk<? extends Map<String, Object>> chunk) {
        tables.write(table, mode, key, new ArrayList<>(chunk.getItems()));
    }
}
