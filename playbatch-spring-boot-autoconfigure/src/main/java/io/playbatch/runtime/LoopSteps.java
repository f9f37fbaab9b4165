package io.playbatch.runtime;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.EventLedger;
import io.playbatch.queue.CompletionRegistry;
import io.playbatch.queue.WorkQueue;
import io.playbatch.render.McpTaskRenderer;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.save.DataSaver;
import org.springframework.batch.core.step.Step;
import org.springframework.core.task.TaskExecutor;

/**
 * Builds the parts of a loop step: its manager ({@link LoopPartitionHandler}) and the tasklet each
 * partition runs ({@link LoopIterationsTasklet}), each with the collaborators it uses; the two
 * share the {@link LoopRuns} of the jobs they are built for. Built once per launcher; thread-safe.
 */
final class LoopSteps {

    private final LoopSettings settings;
    private final EventLedger ledger;
    private final WorkQueue queue;
    private final CompletionRegistry completions;
    private final RunContextLoader contexts;
    private final StepConfigRenderer renderer;
    private final McpTaskRenderer tasks;
    private final DataSaver saver;
    private final TransitionRecorder transitions;
    private final ManagerHeartbeat heartbeat;
    private final ChildPlaybooks children;
    private final String workerId;
    private final TaskExecutor partitionExecutor;

    LoopSteps(LoopSettings settings, EventLedger ledger, WorkQueue queue, CompletionRegistry completions,
            RunContextLoader contexts, StepConfigRenderer renderer, McpTaskRenderer tasks, DataSaver saver,
            TransitionRecorder transitions, ManagerHeartbeat heartbeat, ChildPlaybooks children, String workerId,
            TaskExecutor partitionExecutor) {
        this.settings = settings;
        this.ledger = ledger;
        this.queue = queue;
        this.completions = completions;
        this.contexts = contexts;
        this.renderer = renderer;
        this.tasks = tasks;
        this.saver = saver;
        this.transitions = transitions;
        this.heartbeat = heartbeat;
        this.children = children;
        this.workerId = workerId;
        this.partitionExecutor = partitionExecutor;
    }

    LoopPartitionHandler handler(PlaybookGraph graph, StepNode loopNode, Step workerStep, LoopRuns runs) {
        return new LoopPartitionHandler(graph, loopNode, workerStep, runs, settings, ledger, queue, contexts, renderer,
                saver, transitions, workerId, partitionExecutor);
    }

    LoopIterationsTasklet tasklet(PlaybookGraph graph, StepNode loopNode, LoopRuns runs) {
        return new LoopIterationsTasklet(graph, loopNode, runs, settings, heartbeat, tasks, queue, completions, ledger,
                children, workerId);
    }
}
