package io.playbatch.chunk;

import io.playbatch.render.RenderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The reader, processor and writer of one chunk step, whose args are templates: the step is
 * assembled with the stand-ins this plan hands out ({@link #reader()}, {@link #processor()},
 * {@link #writer()}), and {@link #bind(RenderContext)}, called when the step starts (before Spring
 * Batch opens its streams), renders the args against the run and builds the real items behind them.
 * One plan belongs to one step of one assembled job; a step execution binds it once, in the step's
 * thread, so it needs no locking.
 */
public final class ChunkPlan {

    private final ChunkItems items;
    private final String step;
    private final Map<String, Object> args;
    private final ChunkSettings settings;
    private ItemStreamReader<Map<String, Object>> reader;
    private ItemProcessor<Map<String, Object>, Map<String, Object>> processor;
    private ItemWriter<Map<String, Object>> writer;

    public ChunkPlan(ChunkItems items, String step, Map<String, Object> args) {
        this.items = items;
        this.step = step;
        this.args = args;
        this.settings = ChunkSettings.of(step, args);
    }

    public ChunkSettings settings() {
        return settings;
    }

    /**
     * Renders the reader and writer args and builds the real items; the processor's templates are
     * rendered per item, with the item as {@code $item} (a bean processor's args are rendered once).
     * The rendered args of each bean part go into the step's execution context as
     * {@code playbatch.<part>.args}, where a step-scoped bean reads them (docs/beans.md). Throws a
     * render or config error naming the step and the field.
     */
    @SuppressWarnings("unchecked")
    public void bind(RenderContext context, ExecutionContext stepContext) {
        Map<String, Object> readerSpec = (Map<String, Object>) map(items.renderer().render(args.get("reader"),
                context, "args.reader"), "reader");
        Map<String, Object> writerSpec = (Map<String, Object>) map(items.renderer().render(args.get("writer"),
                context, "args.writer"), "writer");
        Map<String, Object> processorSpec = (Map<String, Object>) (args.get("processor") == null ? null
                : map(args.get("processor"), "processor"));
        if (processorSpec != null && "bean".equals(processorSpec.get("type"))) {
            processorSpec = (Map<String, Object>) items.renderer().render(processorSpec, context, "args.processor");
        }
        for (Map.Entry<String, Map<String, Object>> part : Map.of("reader", readerSpec, "writer", writerSpec)
                .entrySet()) {
            beanArgs(part.getKey(), part.getValue(), stepContext);
        }
        beanArgs("processor", processorSpec, stepContext);
        reader = items.reader(step, readerSpec, settings.chunkSize());
        processor = items.processor(step, processorSpec, context);
        writer = items.writer(step, writerSpec);
    }

    private static void beanArgs(String part, Map<String, Object> spec, ExecutionContext stepContext) {
        if (spec != null && "bean".equals(spec.get("type"))) {
            Map<String, Object> beanArgs = new LinkedHashMap<>(spec);
            beanArgs.remove("type");
            beanArgs.remove("bean");
            stepContext.put("playbatch." + part + ".args", beanArgs);
        }
    }

    private Object map(Object value, String part) {
        if (!(value instanceof Map<?, ?>)) {
            throw new ChunkConfigException("chunk step " + step + ": `" + part + "` must be a mapping with a `type`,"
                    + " for example { type: sql, query: \"select ...\", key: id }");
        }
        return value;
    }

    /** The step's reader: delegates to the bound reader, which saves its position for restarts. */
    public ItemStreamReader<Map<String, Object>> reader() {
        return new ItemStreamReader<>() {
            @Override
            public Map<String, Object> read() throws Exception {
                return bound(reader).read();
            }

            @Override
            public void open(ExecutionContext context) {
                bound(reader).open(context);
            }

            @Override
            public void update(ExecutionContext context) {
                bound(reader).update(context);
            }

            @Override
            public void close() {
                if (reader != null) {
                    reader.close();
                }
            }
        };
    }

    public ItemProcessor<Map<String, Object>, Map<String, Object>> processor() {
        return item -> bound(processor).process(item);
    }

    /** The step's writer: delegates to the bound writer, and to its stream callbacks when it has them. */
    public ItemStreamWriter<Map<String, Object>> writer() {
        return new ItemStreamWriter<>() {
            @Override
            public void write(Chunk<? extends Map<String, Object>> chunk) throws Exception {
                bound(writer).write(chunk);
            }

            @Override
            public void open(ExecutionContext context) {
                if (bound(writer) instanceof ItemStream stream) {
                    stream.open(context);
                }
            }

            @Override
            public void update(ExecutionContext context) {
                if (bound(writer) instanceof ItemStream stream) {
                    stream.update(context);
                }
            }

            @Override
            public void close() {
                if (writer instanceof ItemStream stream) {
                    stream.close();
                }
            }
        };
    }

    private <T> T bound(T item) {
        if (item == null) {
            throw new IllegalStateException("chunk step " + step + " was not bound before its items were used");
        }
        return item;
    }
}
