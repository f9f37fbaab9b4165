package io.playbatch.runtime;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.ledger.EventLedger;
import io.playbatch.metrics.RunMeters;
import io.playbatch.queue.WorkQueue;
import io.playbatch.render.McpTaskRenderer;

/**
 * Builds the tasklet of a node step run through the work queue, as a child playbook, or, when it
 * needs no worker, in this process ({@link InlineTasks}): {@link NodeTasklet}, with the
 * collaborators it uses. Built once per launcher; thread-safe.
 */
final class NodeSteps {

    private final EventLedger ledger;
    private final TransitionRecorder transitions;
    private final RunMeters meters;
    private final ManagerHeartbeat heartbeat;
    private final WorkQueue queue;
    private final RunContextLoader contexts;
    private final McpTaskRenderer tasks;
    private final ChildPlaybooks children;
    private final TaskDispatcher dispatcher;
    private final NodeSave save;
    private final InlineTasks inline;
    private final String workerId;

    NodeSteps(EventLedger ledger, TransitionRecorder transitions, RunMeters meters, ManagerHeartbeat heartbeat,
            WorkQueue queue, RunContextLoader contexts, McpTaskRenderer tasks, ChildPlaybooks children,
            TaskDispatcher dispatcher, NodeSave save, InlineTasks inline, String workerId) {
        this.ledger = ledger;
        this.transitions = transitions;
        this.meters = meters;
        this.heartbeat = heartbeat;
        this.queue = queue;
        this.contexts = contexts;
        this.tasks = tasks;
        this.children = children;
        this.dispatcher = dispatcher;
        this.save = save;
        this.inline = inline;
        this.workerId = workerId;
    }

    NodeTasklet tasklet(PlaybookGraph graph, StepNode node) {
        return new NodeTasklet(graph, node, new StepEvents(graph, node, ledger, transitions, meters), heartbeat,
                ledger, queue, contexts, tasks, children, dispatcher, save, inline, workerId);
    }
}
