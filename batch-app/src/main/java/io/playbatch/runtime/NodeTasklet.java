package io.playbatch.runtime;

import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.AppendResult;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.render.RenderContext;
import io.playbatch.render.RenderException;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.tasks.RenderedTask;
import io.playbatch.tasks.TaskResult;
import java.util.Locale;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The behaviour of one workflow node inside its Spring Batch step: record {@code step_started},
 * render the task on the server, dispatch the rendered task, record {@code step_completed} or
 * {@code step_failed}, and the unconditional transitions out of the node. A failed task fails the
 * step, so Spring Batch's status and the ledger agree.
 */
final class NodeTasklet implements Tasklet {

    private final PlaybookGraph graph;
    private final StepNode node;
    private final RuntimeServices services;

    NodeTasklet(PlaybookGraph graph, StepNode node, RuntimeServices services) {
        this.graph = graph;
        this.node = node;
        this.services = services;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long executionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
        EventLedger ledger = services.ledger();
        Long cause = ledger.causeOf(executionId, node.name()).orElse(null);
        AppendResult started = ledger.append(NewEvent.of(executionId, EventType.STEP_STARTED)
                .node(node.name(), nodeType()).parent(cause).build());

        TaskResult result = run(executionId, started.eventId());
        if (result.ok()) {
            AppendResult completed = ledger.append(NewEvent.of(executionId, EventType.STEP_COMPLETED)
                    .node(node.name(), nodeType()).parent(started.eventId()).status("completed")
                    .result(result.toEnvelope()).attempt(result.attempt()).worker(result.workerId())
                    .duration(result.durationMs()).build());
            transitions(executionId, completed.eventId(), EdgeKind.NEXT);
            return RepeatStatus.FINISHED;
        }
        AppendResult failed = ledger.append(NewEvent.of(executionId, EventType.STEP_FAILED)
                .node(node.name(), nodeType()).parent(started.eventId()).status("failed")
                .result(result.toEnvelope()).error(result.errorMap()).attempt(result.attempt())
                .worker(result.workerId()).duration(result.durationMs()).build());
        transitions(executionId, failed.eventId(), EdgeKind.ON_FAILURE);
        throw new StepTaskFailedException("step " + node.name() + " failed: [" + result.errorType() + "] "
                + result.errorMessage());
    }

    private TaskResult run(long executionId, long startedEventId) {
        if (node.kind() == NodeKind.START || node.kind() == NodeKind.END) {
            return TaskResult.ok(null, 0, 1, services.workerId());
        }
        if (node.save() != null) {
            return TaskResult.error("unsupported", "step " + node.name() + " uses 'save', which this version"
                    + " of Playbatch does not run yet; remove 'save' and write the data with a sql step", 0, 1,
                    services.workerId());
        }
        RenderedTask task;
        try {
            RenderContext context = services.contexts().load(executionId, graph.path(), node.name());
            StepConfigRenderer renderer = services.renderer();
            task = new RenderedTask(node.task().type(), renderer.renderMap(node.task().args(), context, "args"),
                    node.timeout() == null ? null : node.timeout().toMillis());
        } catch (RenderException e) {
            return TaskResult.error("render_error", e.getMessage(), 0, 1, services.workerId());
        }
        if (node.kind() == NodeKind.SUB_PLAYBOOK) {
            return services.children().run(graph, node, task, executionId, startedEventId);
        }
        return services.dispatcher().dispatch(executionId, node.name(), node.name(), task, node.retry(), startedEventId);
    }

    private void transitions(long executionId, long causeEventId, EdgeKind kind) {
        for (Edge edge : graph.outgoing(node.name())) {
            if (edge.kind() == kind) {
                services.transitions().record(graph.path(), executionId, causeEventId, edge);
            }
        }
    }

    private String nodeType() {
        return node.kind().name().toLowerCase(Locale.ROOT);
    }
}
