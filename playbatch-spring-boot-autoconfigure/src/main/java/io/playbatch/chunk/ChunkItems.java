package io.playbatch.chunk;

import io.playbatch.beans.BeanNotCallableException;
import io.playbatch.beans.PlaybookBeans;
import io.playbatch.connections.ConnectionRegistry;
import io.playbatch.connections.NamedConnection;
import io.playbatch.connections.UnknownConnectionException;
import io.playbatch.json.JsonCodec;
import io.playbatch.render.RenderContext;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.save.RowFormat;
import io.playbatch.save.SaveException;
import io.playbatch.save.TableWriter;
import io.playbatch.secrets.SecretUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.batch.infrastructure.item.file.transform.DelimitedLineTokenizer;
import org.springframework.batch.infrastructure.item.file.transform.FieldSet;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.ColumnMapRowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Builds a chunk step's reader, processor and writer from its rendered {@code args}, on Spring
 * Batch's own item implementations. Items are maps of column (or field) to value. Every reader and
 * writer saves its position in the step's execution context, so a restart resumes after the last
 * committed chunk (docs/chunk.md). Bad args are {@link ChunkConfigException}s naming the step and
 * the argument. Thread-safe; each call builds new, single-use objects.
 */
@Component
public class ChunkItems {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final ConnectionRegistry connections;
    private final StepConfigRenderer renderer;
    private final JsonCodec json;
    private final PlaybookBeans beans;

    public ChunkItems(ConnectionRegistry connections, StepConfigRenderer renderer, JsonCodec json,
            PlaybookBeans beans) {
        this.connections = connections;
        this.renderer = renderer;
        this.json = json;
        this.beans = beans;
    }

    StepConfigRenderer renderer() {
        return renderer;
    }

    /**
     * {@code sql} ({@code query}, {@code params}, {@code key}: read in pages of {@code pageSize}
     * ordered by the key, resumed after the last committed key, on {@code connection}, paged in that
     * database's dialect, see {@link PagingQueries}), {@code csv} ({@code path}, a header
     * line of column names; values are strings) or {@code jsonl} ({@code path}, one JSON object a line).
     */
    @SuppressWarnings("unchecked")
    ItemStreamReader<Map<String, Object>> reader(String step, Map<String, Object> spec, int pageSize) {
        String type = type(step, "reader", spec, List.of("sql", "csv", "jsonl", "bean"));
        String name = step + ".reader";
        if ("bean".equals(type)) {
            ItemReader<Map<String, Object>> reader = (ItemReader<Map<String, Object>>) bean(step, "reader", spec,
                    ItemReader.class);
            return reader instanceof ItemStreamReader<Map<String, Object>> stream ? stream : reader::read;
        }
        if ("sql".equals(type)) {
            NamedConnection connection = connection(step, "reader", spec);
            String query = required(step, "reader", spec, "query");
            List<String> key = TableWriter.key(spec.get("key"));
            if (key.isEmpty()) {
                throw new ChunkConfigException("chunk step " + step + ": the sql reader needs `key`: the column(s)"
                        + " the rows are ordered by, so a restart resumes after the last committed row");
            }
            Map<String, Order> sortKeys = new LinkedHashMap<>();
            for (String column : key) {
                sortKeys.put(identifier(step, "reader.key", column), Order.ASCENDING);
            }
            try {
                JdbcPagingItemReader<Map<String, Object>> reader = new JdbcPagingItemReader<>(connection.dataSource(),
                        PagingQueries.of(connection.dataSource(), query, sortKeys));
                reader.setName(name);
                reader.setPageSize(pageSize);
                reader.setFetchSize(pageSize);
                reader.setRowMapper(new ColumnMapRowMapper());
                reader.setParameterValues(params(step, spec.get("params")));
                reader.afterPropertiesSet();
                return reader;
            } catch (ChunkConfigException e) {
                throw e;
            } catch (Exception e) {
                throw new ChunkConfigException("chunk step " + step + ": cannot prepare the sql reader: "
                        + e.getMessage(), e);
            }
        }
        FileSystemResource file = new FileSystemResource(required(step, "reader", spec, "path"));
        FlatFileItemReader<Map<String, Object>> reader;
        if ("jsonl".equals(type)) {
            reader = new FlatFileItemReader<>(file, (line, number) -> {
                Map<String, Object> item = json.readMap(line);
                if (item == null) {
                    throw new IllegalArgumentException(file.getPath() + " line " + number + " is not a JSON object");
                }
                return item;
            });
        } else {
            DelimitedLineTokenizer tokenizer = new DelimitedLineTokenizer();
            reader = new FlatFileItemReader<>(file, (line, number) -> row(tokenizer.tokenize(line)));
            reader.setLinesToSkip(1);
            // The header names the columns; it is read again on every open, restarts included.
            reader.setSkippedLinesCallback(header -> tokenizer.setNames(
                    new DelimitedLineTokenizer().tokenize(header).getValues()));
        }
        reader.setName(name);
        reader.setStrict(true);
        return reader;
    }

    /**
     * {@code sql} with {@code statement} (named parameters {@code :column} bound from each item) or
     * with {@code table}, {@code mode} and {@code key} (see {@link TableWriter}), batched per chunk, on
     * {@code connection}: inside the chunk's transaction on {@code default}, in that database's own
     * transaction, committed before the chunk's, on any other (docs/connections.md#transactions);
     * {@code csv} ({@code path}, {@code columns}) or {@code jsonl}
     * ({@code path}), truncated back to the last committed chunk on restart.
     */
    @SuppressWarnings("unchecked")
    ItemWriter<Map<String, Object>> writer(String step, Map<String, Object> spec) {
        String type = type(step, "writer", spec, List.of("sql", "csv", "jsonl", "bean"));
        if ("bean".equals(type)) {
            return (ItemWriter<Map<String, Object>>) bean(step, "writer", spec, ItemWriter.class);
        }
        if ("sql".equals(type)) {
            NamedConnection connection = connection(step, "writer", spec);
            if (spec.get("statement") != null && spec.get("table") != null) {
                throw new ChunkConfigException("chunk step " + step + ": the sql writer takes `statement` or `table`,"
                        + " not both");
            }
            if (spec.get("table") != null) {
                String table = String.valueOf(spec.get("table"));
                TableWriter.Mode mode;
                try {
                    mode = TableWriter.mode(spec.get("mode"));
                } catch (SaveException e) {
                    throw new ChunkConfigException("chunk step " + step + ": writer " + e.getMessage(), e);
                }
                List<String> key = TableWriter.key(spec.get("key"));
                return new ConnectionTransactionWriter(connection,
                        new TableItemWriter(new TableWriter(connection.dataSource()), table, mode, key));
            }
            JdbcBatchItemWriter<Map<String, Object>> writer = new JdbcBatchItemWriter<>();
            writer.setDataSource(connection.dataSource());
            writer.setSql(required(step, "writer", spec, "statement"));
            writer.setItemSqlParameterSourceProvider(MapSqlParameterSource::new);
            // "on conflict do nothing" legitimately updates no row; a count check would fail it.
            writer.setAssertUpdates(false);
            writer.afterPropertiesSet();
            return new ConnectionTransactionWriter(connection, writer);
        }
        FileSystemResource file = new FileSystemResource(required(step, "writer", spec, "path"));
        FlatFileItemWriter<Map<String, Object>> writer;
        if ("jsonl".equals(type)) {
            writer = new FlatFileItemWriter<>(file, item -> RowFormat.JSONL.line(item, List.of(), json));
        } else {
            List<String> columns = columns(step, spec.get("columns"));
            writer = new FlatFileItemWriter<>(file, item -> RowFormat.CSV.line(item, columns, json));
            writer.setHeaderCallback(out -> out.write(RowFormat.CSV.header(columns)));
        }
        writer.setName(step + ".writer");
        try {
            writer.afterPropertiesSet();
        } catch (Exception e) {
            throw new ChunkConfigException("chunk step " + step + ": cannot prepare the " + type + " writer: "
                    + e.getMessage(), e);
        }
        return writer;
    }

    /**
     * None (or {@code type: noop}): items pass unchanged; {@code type: map} with {@code fields}: each
     * field a Velocity template rendered per item with the item as {@code $item}; {@code type: filter}
     * with {@code when}: items for which the condition is false are dropped (counted as filtered).
     */
    ItemProcessor<Map<String, Object>, Map<String, Object>> processor(String step, Map<String, Object> spec,
            RenderContext context) {
        if (spec == null) {
            return item -> item;
        }
        String type = type(step, "processor", spec, List.of("noop", "map", "filter", "bean"));
        if ("noop".equals(type)) {
            return item -> item;
        }
        if ("bean".equals(type)) {
            @SuppressWarnings("unchecked")
            ItemProcessor<Map<String, Object>, Map<String, Object>> processor =
                    (ItemProcessor<Map<String, Object>, Map<String, Object>>) bean(step, "processor", spec,
                            ItemProcessor.class);
            return processor;
        }
        if ("map".equals(type)) {
            if (!(spec.get("fields") instanceof Map<?, ?> fields) || fields.isEmpty()) {
                throw new ChunkConfigException("chunk step " + step + ": the map processor needs `fields`: a mapping"
                        + " of output column to template, for example { id: \"$item.id\" }");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> templates = (Map<String, Object>) fields;
            return item -> renderer.renderMap(templates, context.withVariable("item", item), "args.processor.fields");
        }
        Object when = spec.get("when");
        if (!(when instanceof String condition) || condition.isBlank()) {
            throw new ChunkConfigException("chunk step " + step + ": the filter processor needs `when`: a condition"
                    + " on $item, for example \"$item.amount > 0\"");
        }
        return item -> renderer.test(condition, context.withVariable("item", item), "args.processor.when")
                ? item : null;
    }

    /** An application bean as a chunk part ({@code {type: bean, bean: NAME}}, docs/beans.md). */
    private Object bean(String step, String part, Map<String, Object> spec, Class<?> type) {
        try {
            return beans.get(required(step, part, spec, "bean"), "chunk step " + step + ": " + part, type);
        } catch (BeanNotCallableException e) {
            throw new ChunkConfigException(e.getMessage(), e);
        }
    }

    private static Map<String, Object> row(FieldSet fields) {
        String[] names = fields.getNames();
        String[] values = fields.getValues();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            row.put(i < names.length ? names[i] : "column" + (i + 1), values[i]);
        }
        return row;
    }

    private static String type(String step, String part, Map<String, Object> spec, List<String> types) {
        Object type = spec == null ? null : spec.get("type");
        if (!types.contains(type)) {
            throw new ChunkConfigException("chunk step " + step + ": " + part + " `type` must be one of "
                    + String.join(", ", types) + (type == null ? "" : ", not '" + type + "'"));
        }
        return (String) type;
    }

    private NamedConnection connection(String step, String part, Map<String, Object> spec) {
        try {
            return connections.connection(String.valueOf(spec.getOrDefault("connection", "default")));
        } catch (UnknownConnectionException | SecretUnavailableException e) {
            throw new ChunkConfigException("chunk step " + step + ": " + part + " " + e.getMessage(), e);
        }
    }

    private static String required(String step, String part, Map<String, Object> spec, String key) {
        Object value = spec.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new ChunkConfigException("chunk step " + step + ": the " + spec.get("type") + " " + part
                    + " needs `" + key + "`");
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(String step, Object params) {
        if (params == null) {
            return Map.of();
        }
        if (params instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new ChunkConfigException("chunk step " + step + ": reader `params` must be a mapping of parameter"
                + " name to value");
    }

    private static List<String> columns(String step, Object columns) {
        if (!(columns instanceof List<?> list) || list.isEmpty()) {
            throw new ChunkConfigException("chunk step " + step + ": the csv writer needs `columns`: the list of"
                    + " columns to write, in order (they make the header line)");
        }
        List<String> names = new ArrayList<>();
        list.forEach(c -> names.add(String.valueOf(c)));
        return names;
    }

    private static String identifier(String step, String what, String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new ChunkConfigException("chunk step " + step + ": " + what + " '" + name + "' is not a column"
                    + " name: use letters, digits and _, starting with a letter or _");
        }
        return name;
    }
}
