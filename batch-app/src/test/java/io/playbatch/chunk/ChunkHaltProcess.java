package io.playbatch.chunk;

import io.playbatch.beans.PlaybookBeans;
import io.playbatch.connections.ConnectionRegistry;
import io.playbatch.json.JsonCodec;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.testsupport.PlaybookProcess;
import java.util.Map;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * A child JVM of {@link ConnectionChunkRestartTest} that runs a playbook as
 * {@link PlaybookProcess} does, and dies on purpose in the one window docs/chunk.md#transactions
 * speaks of: right after a chunk step's writer returns for the chunk the Spring property
 * {@value #HALT_AFTER_CHUNK} names (a writer on a named connection has then committed in its own
 * database) and before Spring Batch commits that chunk's metadata on {@code default}.
 * {@link Runtime#halt} skips shutdown hooks and finally blocks, so for both databases it is the same
 * as kill -9.
 */
public final class ChunkHaltProcess {

    /** The Spring property naming the chunk (1 for the first) after whose write the process halts. */
    static final String HALT_AFTER_CHUNK = "playbatch.test.halt-after-chunk";

    /** The exit status of the halt, the one a shell reports for kill -9. */
    static final int HALT_STATUS = 137;

    private ChunkHaltProcess() {
    }

    public static void main(String[] args) throws Exception {
        PlaybookProcess.run(args, context -> {
            int chunk = context.getEnvironment().getRequiredProperty(HALT_AFTER_CHUNK, Integer.class);
            BeanFactory beans = context.getBeanFactory();
            context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof ChunkItems && !(bean instanceof HaltingChunkItems)
                            ? new HaltingChunkItems(beans, chunk) : bean;
                }
            });
        });
    }

    /** The application's chunk items, whose writers halt the process after writing chunk {@code haltAfter}. */
    private static final class HaltingChunkItems extends ChunkItems {

        private final int haltAfter;

        HaltingChunkItems(BeanFactory beans, int haltAfter) {
            super(beans.getBean(ConnectionRegistry.class), beans.getBean(StepConfigRenderer.class),
                    beans.getBean(JsonCodec.class), beans.getBean(PlaybookBeans.class));
            this.haltAfter = haltAfter;
        }

        /** The writer, halting after chunk {@code haltAfter}; a sql writer only (it hides a file writer's stream). */
        @Override
        ItemWriter<Map<String, Object>> writer(String step, Map<String, Object> spec) {
            return new HaltingWriter(step, super.writer(step, spec), haltAfter);
        }
    }

    /** Single-use per step execution, whose chunks are written by one thread. */
    private static final class HaltingWriter implements ItemWriter<Map<String, Object>> {

        private final String step;
        private final ItemWriter<Map<String, Object>> delegate;
        private final int haltAfter;
        private int written;

        HaltingWriter(String step, ItemWriter<Map<String, Object>> delegate, int haltAfter) {
            this.step = step;
            this.delegate = delegate;
            this.haltAfter = haltAfter;
        }

        @Override
        public void write(Chunk<? extends Map<String, Object>> chunk) throws Exception {
            delegate.write(chunk);
            written++;
            if (written == haltAfter) {
                System.out.println("halting after the write of chunk " + haltAfter + " of step " + step);
                System.out.flush();
                Runtime.getRuntime().halt(HALT_STATUS);
            }
        }
    }
}
