package io.playbatch.runtime;

import io.playbatch.compiler.ir.LoopSpec;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.render.RenderContext;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One loop step in one execution, while it runs: the rendered {@code over} list, the render context
 * the iterations extend, the events they hang off, the iterations carried over from earlier
 * executions of the run, the in-flight window its partitions share, and the running counts. Lives
 * only as long as the loop's manager step; shared by its partition threads. Thread-safe.
 */
final class LoopRun {

    private final long executionId;
    private final StepNode node;
    private final List<?> items;
    private final RenderContext context;
    private final long stepStartedEventId;
    private final long loopStartedEventId;
    private final BitSet carriedOver;
    private final InFlightWindow window;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong notStarted = new AtomicLong();
    private final Set<Integer> partitionsRun = ConcurrentHashMap.newKeySet();
    private volatile String lastError;
    private volatile boolean stopped;

    LoopRun(long executionId, StepNode node, List<?> items, RenderContext context, long stepStartedEventId,
            long loopStartedEventId, BitSet carriedOver, int windowSize) {
        this.executionId = executionId;
        this.node = node;
        this.items = items;
        this.context = context;
        this.stepStartedEventId = stepStartedEventId;
        this.loopStartedEventId = loopStartedEventId;
        this.carriedOver = carriedOver;
        this.window = new InFlightWindow(windowSize);
    }

    long executionId() {
        return executionId;
    }

    StepNode node() {
        return node;
    }

    int size() {
        return items.size();
    }

    boolean sequential() {
        return node.loop().mode() == LoopSpec.Mode.SEQUENTIAL;
    }

    long stepStartedEventId() {
        return stepStartedEventId;
    }

    long loopStartedEventId() {
        return loopStartedEventId;
    }

    /** Read-only after construction, so partitions may share it. */
    boolean carriedOver(int index) {
        return carriedOver.get(index);
    }

    int carriedOverCount() {
        return carriedOver.cardinality();
    }

    /** How many iterations in {@code [from, to)} this execution has to run: those not carried over. */
    long runnable(int from, int to) {
        long count = 0;
        for (int i = from; i < to; i++) {
            if (!carriedOver.get(i)) {
                count++;
            }
        }
        return count;
    }

    /** Called by the partition starting at {@code from} once its tasklet runs. */
    void partitionStarted(int from) {
        partitionsRun.add(from);
    }

    /**
     * Whether the partition starting at {@code from} ran its tasklet: one Spring Batch interrupted
     * before that (the job was already STOPPING) dispatched none of its iterations.
     */
    boolean partitionRan(int from) {
        return partitionsRun.contains(from);
    }

    InFlightWindow window() {
        return window;
    }

    /** The render context of iteration {@code index}: the step's context plus the loop variable and {@code index}. */
    RenderContext iterationContext(int index) {
        Map<String, Object> variables = new HashMap<>(context.variables());
        variables.put(node.loop().as(), items.get(index));
        variables.put("index", index);
        return new RenderContext(context.playbook(), node.name() + "[" + index + "]", variables);
    }

    void iterationDone() {
        done.incrementAndGet();
    }

    void iterationFailed(String error) {
        failed.incrementAndGet();
        lastError = error;
        if (sequential()) {
            // A sequential loop's later iterations may depend on this one: they are not started.
            stopped = true;
        }
    }

    void iterationsSkipped(long count) {
        skipped.addAndGet(count);
    }

    boolean stopped() {
        return stopped;
    }

    /** Iterations left undispatched because the execution was asked to stop: a restart runs them. */
    void iterationsNotStartedOnStop(long count) {
        notStarted.addAndGet(count);
    }

    long notStartedOnStop() {
        return notStarted.get();
    }

    long done() {
        return done.get();
    }

    long failed() {
        return failed.get();
    }

    long skipped() {
        return skipped.get();
    }

    String lastError() {
        return lastError;
    }
}
